// Node 20 runs the tests here on purpose; the AWS SDK's reminder about Node 22 is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
