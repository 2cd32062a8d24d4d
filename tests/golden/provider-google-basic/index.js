exports.http = (req, res) => res.send(process.env.GREETING);
exports.event = (message, context) => console.log(message, context);
