module.exports.nightly = async () => {};
