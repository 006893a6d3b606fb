/* study.h -- placeholder. */
