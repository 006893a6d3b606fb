/* calendar.h -- placeholder. */
