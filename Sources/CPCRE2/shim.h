// Only the 8-bit library is used; the width must be fixed before the header is read.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
