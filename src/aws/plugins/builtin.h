// The npm plugins sls runs natively: listed in `plugins:`, their hooks join the
// package lifecycle at the events where the plugins hook in.
#pragma once
#include "config/service.h"
#include "package/context.h"
#include "util/lifecycle.h"

namespace sls::plugins {

void register_builtin_plugins(Lifecycle<PackageContext>& lifecycle, const Service& service);

}  // namespace sls::plugins
