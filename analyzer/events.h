/* events.h -- placeholder. */
