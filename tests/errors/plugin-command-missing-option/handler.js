module.exports.hello = async () => ({ statusCode: 200 });
module.exports.world = async () => ({ statusCode: 200 });
