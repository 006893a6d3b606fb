/* returns.h -- placeholder. */
