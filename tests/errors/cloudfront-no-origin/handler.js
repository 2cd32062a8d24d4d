module.exports.run = async () => ({})
