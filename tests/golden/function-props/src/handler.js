module.exports.main = async (event) => ({ statusCode: 200, body: 'ok' });
