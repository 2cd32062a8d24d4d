exports.h = async () => ({});
