/* output.h -- placeholder. */
