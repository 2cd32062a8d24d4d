module.exports.run = async (event) => ({ statusCode: 200, body: 'ok' });
