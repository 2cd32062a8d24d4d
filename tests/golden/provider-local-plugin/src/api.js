exports.main = async () => ({ status: 200, body: 'hello' });
