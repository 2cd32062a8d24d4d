exports.run = async () => ({ statusCode: 200 });
