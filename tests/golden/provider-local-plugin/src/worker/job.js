exports.run = async (message) => console.log(message);
