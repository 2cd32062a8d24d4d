exports.http = (req, res) => res.send('hi');
