module.exports.list = async () => ({ statusCode: 200, body: '[]' });
module.exports.get = async () => ({ statusCode: 200, body: '{}' });
