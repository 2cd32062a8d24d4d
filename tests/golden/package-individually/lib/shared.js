module.exports.shared = async (event) => ({ statusCode: 200, body: 'ok' });
