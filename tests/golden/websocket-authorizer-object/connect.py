def run(event, context):
    return {"statusCode": 200}
