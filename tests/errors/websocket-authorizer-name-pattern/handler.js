exports.run = async () => ({});
