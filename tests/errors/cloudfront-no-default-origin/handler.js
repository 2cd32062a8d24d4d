module.exports.run = async () => ({});
