exports.h=async()=>1
