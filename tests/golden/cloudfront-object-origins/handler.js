module.exports.run = async (event) => event.Records[0].cf.request;
