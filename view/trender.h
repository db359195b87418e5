/*
 * trender.h — `alphavlm trace render TRACE -o FILE.png`: a picture of a
 * trace (docs/display.md): who ran when, events by type over instruction
 * count, a heat map of TLB misses and faults by VA region, and the VLM
 * driver's patent steps (FIG. 6-10) per process when the trace has them.
 */
#ifndef VIEW_TRENDER_H
#define VIEW_TRENDER_H

/* argv[0] is "render".  Returns 0; 2 for bad usage (one line); 1 if the
 * trace cannot be read or the PNG cannot be written (one line). */
int trace_render_main(int argc, char **argv);

/* Its line of `alphavlm --help`, among the trace commands' (trace_help,
 * trace/tracecmd.h): two-space indented, ending in a newline. */
extern const char trender_help[];

#endif /* VIEW_TRENDER_H */
