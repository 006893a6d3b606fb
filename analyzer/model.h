/* model.h -- placeholder. */
