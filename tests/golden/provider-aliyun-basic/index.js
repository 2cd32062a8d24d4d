exports.hello = (req, resp) => resp.send('hello');
exports.onUpload = (event, context, callback) => callback(null, 'ok');
