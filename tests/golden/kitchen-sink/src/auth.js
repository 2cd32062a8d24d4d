module.exports.check = async () => ({ principalId: 'user' });
