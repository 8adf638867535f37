#ifndef O2C_CLIBPQ_SHIM_H
#define O2C_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <poll.h>
#endif
