/* cmd.h -- evstudy's commands.  Each takes main's argc/argv (argv[0] is
 * the command's name) and returns the exit status. */
#ifndef EVS_CMD_H
#define EVS_CMD_H

/* The flag form: evstudy --events FILE --prices FILE ... (cmd-study.c). */
int cmd_study (int argc, char **argv);

#endif
