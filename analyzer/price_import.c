/* price_import.c -- placeholder until the module lands. */
#include <config.h>
