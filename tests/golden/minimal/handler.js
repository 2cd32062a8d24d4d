module.exports.hello = async (event) => ({ statusCode: 200, body: 'ok' });
