module.exports.util = async (event) => ({ statusCode: 200, body: 'ok' });
