exports.reader = async () => ({ statusCode: 200 });
exports.writer = async () => ({ statusCode: 201 });
exports.plain = async () => ({ statusCode: 204 });
