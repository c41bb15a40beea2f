/* gbflags.h: Google Benchmark's flags checked (and put in the --flag=VALUE spelling) before Initialize. */
#ifndef PB_GBFLAGS_H
#define PB_GBFLAGS_H
#ifdef __cplusplus
extern "C" {
#endif
/* PB_OPT_OK, PB_OPT_EXIT (usage printed) or PB_OPT_ERROR (one line printed): see opt.h. */
int gb_check_flags(int *argc, char **argv);
#ifdef __cplusplus
}
#endif
#endif
