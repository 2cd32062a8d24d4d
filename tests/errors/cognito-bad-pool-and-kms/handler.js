module.exports.h=async()=>{}
