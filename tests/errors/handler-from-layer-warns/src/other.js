module.exports.run = async () => 'ok';
