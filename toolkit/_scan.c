/* toolkit._scan: the compiled inner loop of toolkit.analyze.
 *
 * This file holds no rules of its own. It is a second implementation, in C, of rules whose
 * one definition is Python code, and the test suite (tests/test_scan.py) checks it against
 * that code character by character:
 *
 *   - word tokens: toolkit.tokens (URLs, e-mail addresses, and _PLAIN: abbreviations,
 *     numbers, words with internal apostrophes and hyphens and with combining marks; the
 *     apostrophe and hyphen normalisation; lower-casing; invisible characters ignored, offsets
 *     into the original);
 *   - adjacency of two tokens: toolkit.tokens.is_joined;
 *   - textstat's words (str.split) and sentence count: toolkit.readability (_count_sentences
 *     and the Linsear Write head of _Scorer._linsear).
 *
 * Texts whose lower-casing depends on context or changes their length (capital sigma, dotted
 * capital I) are handed to a Python callback, which tokenizes them with toolkit.tokens itself.
 * Character classes are CPython's own (Py_UNICODE_ISALNUM,
 * Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER): the very tables that the
 * `re` module and str methods use.
 *
 * One call of Scanner.scan(texts, fallback) reads a batch of texts and returns flat arrays
 * (as bytes): the word-type id of every token, whether it is joined to the token before it,
 * the distinct word ids of every document, the whitespace-token ("chunk") type id of every
 * chunk, per document counts, and per document whether it may be written in a script without
 * spaces between words ("unsegmented": 0 means it is not; see toolkit.tokens). Word and chunk types are interned in two hash tables; their
 * strings, in id order, are the lists Scanner.words and Scanner.chunks (the scanner's own lists:
 * read them, do not change them). A Scanner is for one thread at a time; scan() refuses to run
 * while it is already running (from its fallback, or another thread while the fallback runs).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ growable buffers */

/* cap doubled (from first when 0) until it holds need items */
static Py_ssize_t
grown(Py_ssize_t cap, Py_ssize_t need, Py_ssize_t first)
{
    if (cap <= 0) {
        cap = first;
    }
    while (cap < need) {
        cap *= 2;
    }
    return cap;
}

/* *data reallocated to items of item_size bytes; -1 with MemoryError (and *data kept) */
static int
resize(void *data, Py_ssize_t items, size_t item_size)
{
    void **pointer = (void **)data;
    void *moved = PyMem_Realloc(*pointer, item_size * (size_t)items);
    if (moved == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *pointer = moved;
    return 0;
}

typedef struct {
    char *data;
    Py_ssize_t len;  /* bytes used */
    Py_ssize_t cap;  /* bytes allocated */
} Buffer;

static int
buffer_reserve(Buffer *b, Py_ssize_t extra)
{
    if (b->len + extra <= b->cap) {
        return 0;
    }
    Py_ssize_t cap = grown(b->cap, b->len + extra, 256);
    if (resize(&b->data, cap, 1) < 0) {
        return -1;
    }
    b->cap = cap;
    return 0;
}

static int
buffer_put(Buffer *b, const void *item, Py_ssize_t size)
{
    if (buffer_reserve(b, size) < 0) {
        return -1;
    }
    memcpy(b->data + b->len, item, (size_t)size);
    b->len += size;
    return 0;
}

static int
put_i32(Buffer *b, int32_t v)
{
    return buffer_put(b, &v, sizeof v);
}

static int
put_i64(Buffer *b, int64_t v)
{
    return buffer_put(b, &v, sizeof v);
}

static PyObject *
buffer_bytes(Buffer *b)
{
    return PyBytes_FromStringAndSize(b->data ? b->data : "", b->len);
}

static void
buffer_free(Buffer *b)
{
    PyMem_Free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------------ interning table */

typedef struct {
    uint64_t hash;
    Py_ssize_t id;  /* id + 1; 0 = empty */
} Slot;

/* Strings of code points -> dense ids, with the Python str of every id in a list. */
typedef struct {
    Slot *slots;        /* size mask + 1, a power of two */
    size_t mask;
    Py_ssize_t n;
    Py_ssize_t cap;      /* capacity of hashes / starts */
    uint64_t *hashes;
    Py_ssize_t *starts;  /* entry i is arena[starts[i] .. starts[i + 1]) */
    Py_UCS4 *arena;
    Py_ssize_t arena_len, arena_cap;
    PyObject *strings;   /* list of str, in id order */
} Table;

static int
table_init(Table *t)
{
    memset(t, 0, sizeof *t);
    t->mask = 1023;
    t->slots = PyMem_Calloc(t->mask + 1, sizeof(Slot));
    t->cap = 512;
    t->hashes = PyMem_Malloc(sizeof(uint64_t) * (size_t)t->cap);
    t->starts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(t->cap + 1));
    t->arena_cap = 4096;
    t->arena = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)t->arena_cap);
    t->strings = PyList_New(0);
    if (!t->slots || !t->hashes || !t->starts || !t->arena || !t->strings) {
        PyErr_NoMemory();
        return -1;
    }
    t->starts[0] = 0;
    return 0;
}

static void
table_free(Table *t)
{
    PyMem_Free(t->slots);
    PyMem_Free(t->hashes);
    PyMem_Free(t->starts);
    PyMem_Free(t->arena);
    Py_CLEAR(t->strings);
    t->slots = NULL;
    t->hashes = NULL;
    t->starts = NULL;
    t->arena = NULL;
}

static int
table_clear(Table *t)
{
    PyObject *strings = PyList_New(0);
    if (strings == NULL) {
        return -1;
    }
    memset(t->slots, 0, sizeof(Slot) * (t->mask + 1));
    t->n = 0;
    t->arena_len = 0;
    t->starts[0] = 0;
    Py_SETREF(t->strings, strings);
    return 0;
}

static inline uint64_t
hash_points(const Py_UCS4 *s, Py_ssize_t n)
{
    uint64_t h = 1469598103934665603ULL;  /* FNV-1a over code points */
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 31);
}

static inline int
same_points(const Py_UCS4 *a, const Py_UCS4 *b, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

static int
table_grow_slots(Table *t)
{
    size_t mask = t->mask * 2 + 1;
    Slot *slots = PyMem_Calloc(mask + 1, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t id = 0; id < t->n; id++) {
        size_t j = (size_t)t->hashes[id] & mask;
        while (slots[j].id) {
            j = (j + 1) & mask;
        }
        slots[j].id = id + 1;
        slots[j].hash = t->hashes[id];
    }
    PyMem_Free(t->slots);
    t->slots = slots;
    t->mask = mask;
    return 0;
}

/* The id of s[0:n] (whose hash_points is h), added when new; -1 with an exception set on
 * failure. */
static Py_ssize_t
table_id_hashed(Table *t, const Py_UCS4 *s, Py_ssize_t n, uint64_t h)
{
    size_t j = (size_t)h & t->mask;
    for (;;) {
        Slot *slot = &t->slots[j];
        if (slot->id == 0) {
            break;
        }
        if (slot->hash == h) {
            Py_ssize_t id = slot->id - 1;
            const Py_UCS4 *known = t->arena + t->starts[id];
            if (t->starts[id + 1] - t->starts[id] == n && same_points(known, s, n)) {
                return id;
            }
        }
        j = (j + 1) & t->mask;
    }
    /* new entry */
    if (t->n + 1 > t->cap) {
        Py_ssize_t cap = grown(t->cap, t->n + 1, 512);
        if (resize(&t->hashes, cap, sizeof(uint64_t)) < 0 ||
            resize(&t->starts, cap + 1, sizeof(Py_ssize_t)) < 0) {
            return -1;
        }
        t->cap = cap;
    }
    if (t->arena_len + n > t->arena_cap) {
        Py_ssize_t cap = grown(t->arena_cap, t->arena_len + n, 4096);
        if (resize(&t->arena, cap, sizeof(Py_UCS4)) < 0) {
            return -1;
        }
        t->arena_cap = cap;
    }
    PyObject *string = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, n);
    if (string == NULL) {
        return -1;
    }
    if (PyList_Append(t->strings, string) < 0) {
        Py_DECREF(string);
        return -1;
    }
    Py_DECREF(string);
    Py_ssize_t id = t->n;
    memcpy(t->arena + t->arena_len, s, sizeof(Py_UCS4) * (size_t)n);
    t->arena_len += n;
    t->hashes[id] = h;
    t->starts[id + 1] = t->arena_len;
    t->n = id + 1;
    t->slots[j].id = id + 1;
    t->slots[j].hash = h;
    if ((size_t)t->n * 2 > t->mask + 1 && table_grow_slots(t) < 0) {
        return -1;
    }
    return id;
}

/* The id of s[0:n], added when new; -1 with an exception set on failure. */
static Py_ssize_t
table_id(Table *t, const Py_UCS4 *s, Py_ssize_t n)
{
    return table_id_hashed(t, s, n, hash_points(s, n));
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)0)
#endif

/* A string of a text waiting for its id: s[at:at + len], with its hash. */
typedef struct {
    Py_ssize_t at;
    Py_ssize_t len;
    uint64_t hash;
} Pending;

/* Strings are interned PENDING at a time: a table lookup mostly waits for memory (its slot, the
 * entry's start, the entry's characters: three dependent reads into tables of megabytes), so
 * the reads of the strings AHEAD, 2 * AHEAD and 3 * AHEAD places further on are started
 * (prefetched) while one is looked up, and the waits overlap. The ids are the same. */
#define PENDING 4096
#define AHEAD 8

/* ids[k] = table_id(t, s + p[k].at, p[k].len) for k < count, in order. */
static int
intern_pending(Table *t, const Py_UCS4 *s, const Pending *p, Py_ssize_t count, int32_t *ids)
{
    for (Py_ssize_t k = 0; k < count; k++) {
        if (k + 3 * AHEAD < count) {
            PREFETCH(&t->slots[(size_t)p[k + 3 * AHEAD].hash & t->mask]);
        }
        if (k + 2 * AHEAD < count) {
            const Slot *slot = &t->slots[(size_t)p[k + 2 * AHEAD].hash & t->mask];
            if (slot->id) {
                PREFETCH(&t->starts[slot->id - 1]);
            }
        }
        if (k + AHEAD < count) {
            const Slot *slot = &t->slots[(size_t)p[k + AHEAD].hash & t->mask];
            if (slot->id) {
                PREFETCH(t->arena + t->starts[slot->id - 1]);
            }
        }
        Py_ssize_t id = table_id_hashed(t, s + p[k].at, p[k].len, p[k].hash);
        if (id < 0) {
            return -1;
        }
        if (id > INT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "more than 2**31 distinct strings");
            return -1;
        }
        ids[k] = (int32_t)id;
    }
    return 0;
}

/* ------------------------------------------------------------------ character classes */

static inline int
is_alnum(Py_UCS4 c)  /* re's [^\W_] */
{
    if (c < 128) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return Py_UNICODE_ISALNUM(c);
}

static inline int
is_decimal(Py_UCS4 c)  /* re's \d */
{
    if (c < 128) {
        return c >= '0' && c <= '9';
    }
    return Py_UNICODE_ISDECIMAL(c);
}

static inline int
is_word(Py_UCS4 c)  /* re's \w */
{
    return c == '_' || is_alnum(c);
}

static inline int
is_space(Py_UCS4 c)  /* re's \s and str.split()'s whitespace */
{
    return Py_UNICODE_ISSPACE(c);
}

/* Unicode's combining marks (general category M): toolkit.tokens._MARK_RANGES, the same table. */
static const Py_UCS4 MARK_RANGES[][2] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711},
    {0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3}, {0x07FD, 0x07FD}, {0x0816, 0x0819},
    {0x081B, 0x0823}, {0x0825, 0x0827}, {0x0829, 0x082D}, {0x0859, 0x085B}, {0x0898, 0x089F},
    {0x08CA, 0x08E1}, {0x08E3, 0x0903}, {0x093A, 0x093C}, {0x093E, 0x094F}, {0x0951, 0x0957},
    {0x0962, 0x0963}, {0x0981, 0x0983}, {0x09BC, 0x09BC}, {0x09BE, 0x09C4}, {0x09C7, 0x09C8},
    {0x09CB, 0x09CD}, {0x09D7, 0x09D7}, {0x09E2, 0x09E3}, {0x09FE, 0x09FE}, {0x0A01, 0x0A03},
    {0x0A3C, 0x0A3C}, {0x0A3E, 0x0A42}, {0x0A47, 0x0A48}, {0x0A4B, 0x0A4D}, {0x0A51, 0x0A51},
    {0x0A70, 0x0A71}, {0x0A75, 0x0A75}, {0x0A81, 0x0A83}, {0x0ABC, 0x0ABC}, {0x0ABE, 0x0AC5},
    {0x0AC7, 0x0AC9}, {0x0ACB, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0AFA, 0x0AFF}, {0x0B01, 0x0B03},
    {0x0B3C, 0x0B3C}, {0x0B3E, 0x0B44}, {0x0B47, 0x0B48}, {0x0B4B, 0x0B4D}, {0x0B55, 0x0B57},
    {0x0B62, 0x0B63}, {0x0B82, 0x0B82}, {0x0BBE, 0x0BC2}, {0x0BC6, 0x0BC8}, {0x0BCA, 0x0BCD},
    {0x0BD7, 0x0BD7}, {0x0C00, 0x0C04}, {0x0C3C, 0x0C3C}, {0x0C3E, 0x0C44}, {0x0C46, 0x0C48},
    {0x0C4A, 0x0C4D}, {0x0C55, 0x0C56}, {0x0C62, 0x0C63}, {0x0C81, 0x0C83}, {0x0CBC, 0x0CBC},
    {0x0CBE, 0x0CC4}, {0x0CC6, 0x0CC8}, {0x0CCA, 0x0CCD}, {0x0CD5, 0x0CD6}, {0x0CE2, 0x0CE3},
    {0x0D00, 0x0D03}, {0x0D3B, 0x0D3C}, {0x0D3E, 0x0D44}, {0x0D46, 0x0D48}, {0x0D4A, 0x0D4D},
    {0x0D57, 0x0D57}, {0x0D62, 0x0D63}, {0x0D81, 0x0D83}, {0x0DCA, 0x0DCA}, {0x0DCF, 0x0DD4},
    {0x0DD6, 0x0DD6}, {0x0DD8, 0x0DDF}, {0x0DF2, 0x0DF3}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECD}, {0x0F18, 0x0F19},
    {0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F3E, 0x0F3F}, {0x0F71, 0x0F84},
    {0x0F86, 0x0F87}, {0x0F8D, 0x0F97}, {0x0F99, 0x0FBC}, {0x0FC6, 0x0FC6}, {0x102B, 0x103E},
    {0x1056, 0x1059}, {0x105E, 0x1060}, {0x1062, 0x1064}, {0x1067, 0x106D}, {0x1071, 0x1074},
    {0x1082, 0x108D}, {0x108F, 0x108F}, {0x109A, 0x109D}, {0x135D, 0x135F}, {0x1712, 0x1715},
    {0x1732, 0x1734}, {0x1752, 0x1753}, {0x1772, 0x1773}, {0x17B4, 0x17D3}, {0x17DD, 0x17DD},
    {0x180B, 0x180D}, {0x180F, 0x180F}, {0x1885, 0x1886}, {0x18A9, 0x18A9}, {0x1920, 0x192B},
    {0x1930, 0x193B}, {0x1A17, 0x1A1B}, {0x1A55, 0x1A5E}, {0x1A60, 0x1A7C}, {0x1A7F, 0x1A7F},
    {0x1AB0, 0x1ACE}, {0x1B00, 0x1B04}, {0x1B34, 0x1B44}, {0x1B6B, 0x1B73}, {0x1B80, 0x1B82},
    {0x1BA1, 0x1BAD}, {0x1BE6, 0x1BF3}, {0x1C24, 0x1C37}, {0x1CD0, 0x1CD2}, {0x1CD4, 0x1CE8},
    {0x1CED, 0x1CED}, {0x1CF4, 0x1CF4}, {0x1CF7, 0x1CF9}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20F0},
    {0x2CEF, 0x2CF1}, {0x2D7F, 0x2D7F}, {0x2DE0, 0x2DFF}, {0x302A, 0x302F}, {0x3099, 0x309A},
    {0xA66F, 0xA672}, {0xA674, 0xA67D}, {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1}, {0xA802, 0xA802},
    {0xA806, 0xA806}, {0xA80B, 0xA80B}, {0xA823, 0xA827}, {0xA82C, 0xA82C}, {0xA880, 0xA881},
    {0xA8B4, 0xA8C5}, {0xA8E0, 0xA8F1}, {0xA8FF, 0xA8FF}, {0xA926, 0xA92D}, {0xA947, 0xA953},
    {0xA980, 0xA983}, {0xA9B3, 0xA9C0}, {0xA9E5, 0xA9E5}, {0xAA29, 0xAA36}, {0xAA43, 0xAA43},
    {0xAA4C, 0xAA4D}, {0xAA7B, 0xAA7D}, {0xAAB0, 0xAAB0}, {0xAAB2, 0xAAB4}, {0xAAB7, 0xAAB8},
    {0xAABE, 0xAABF}, {0xAAC1, 0xAAC1}, {0xAAEB, 0xAAEF}, {0xAAF5, 0xAAF6}, {0xABE3, 0xABEA},
    {0xABEC, 0xABED}, {0xFB1E, 0xFB1E}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0x101FD, 0x101FD},
    {0x102E0, 0x102E0}, {0x10376, 0x1037A}, {0x10A01, 0x10A03}, {0x10A05, 0x10A06},
    {0x10A0C, 0x10A0F}, {0x10A38, 0x10A3A}, {0x10A3F, 0x10A3F}, {0x10AE5, 0x10AE6},
    {0x10D24, 0x10D27}, {0x10EAB, 0x10EAC}, {0x10F46, 0x10F50}, {0x10F82, 0x10F85},
    {0x11000, 0x11002}, {0x11038, 0x11046}, {0x11070, 0x11070}, {0x11073, 0x11074},
    {0x1107F, 0x11082}, {0x110B0, 0x110BA}, {0x110C2, 0x110C2}, {0x11100, 0x11102},
    {0x11127, 0x11134}, {0x11145, 0x11146}, {0x11173, 0x11173}, {0x11180, 0x11182},
    {0x111B3, 0x111C0}, {0x111C9, 0x111CC}, {0x111CE, 0x111CF}, {0x1122C, 0x11237},
    {0x1123E, 0x1123E}, {0x112DF, 0x112EA}, {0x11300, 0x11303}, {0x1133B, 0x1133C},
    {0x1133E, 0x11344}, {0x11347, 0x11348}, {0x1134B, 0x1134D}, {0x11357, 0x11357},
    {0x11362, 0x11363}, {0x11366, 0x1136C}, {0x11370, 0x11374}, {0x11435, 0x11446},
    {0x1145E, 0x1145E}, {0x114B0, 0x114C3}, {0x115AF, 0x115B5}, {0x115B8, 0x115C0},
    {0x115DC, 0x115DD}, {0x11630, 0x11640}, {0x116AB, 0x116B7}, {0x1171D, 0x1172B},
    {0x1182C, 0x1183A}, {0x11930, 0x11935}, {0x11937, 0x11938}, {0x1193B, 0x1193E},
    {0x11940, 0x11940}, {0x11942, 0x11943}, {0x119D1, 0x119D7}, {0x119DA, 0x119E0},
    {0x119E4, 0x119E4}, {0x11A01, 0x11A0A}, {0x11A33, 0x11A39}, {0x11A3B, 0x11A3E},
    {0x11A47, 0x11A47}, {0x11A51, 0x11A5B}, {0x11A8A, 0x11A99}, {0x11C2F, 0x11C36},
    {0x11C38, 0x11C3F}, {0x11C92, 0x11CA7}, {0x11CA9, 0x11CB6}, {0x11D31, 0x11D36},
    {0x11D3A, 0x11D3A}, {0x11D3C, 0x11D3D}, {0x11D3F, 0x11D45}, {0x11D47, 0x11D47},
    {0x11D8A, 0x11D8E}, {0x11D90, 0x11D91}, {0x11D93, 0x11D97}, {0x11EF3, 0x11EF6},
    {0x16AF0, 0x16AF4}, {0x16B30, 0x16B36}, {0x16F4F, 0x16F4F}, {0x16F51, 0x16F87},
    {0x16F8F, 0x16F92}, {0x16FE4, 0x16FE4}, {0x16FF0, 0x16FF1}, {0x1BC9D, 0x1BC9E},
    {0x1CF00, 0x1CF2D}, {0x1CF30, 0x1CF46}, {0x1D165, 0x1D169}, {0x1D16D, 0x1D172},
    {0x1D17B, 0x1D182}, {0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244},
    {0x1DA00, 0x1DA36}, {0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84},
    {0x1DA9B, 0x1DA9F}, {0x1DAA1, 0x1DAAF}, {0x1E000, 0x1E006}, {0x1E008, 0x1E018},
    {0x1E01B, 0x1E021}, {0x1E023, 0x1E024}, {0x1E026, 0x1E02A}, {0x1E130, 0x1E136},
    {0x1E2AE, 0x1E2AE}, {0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6}, {0x1E944, 0x1E94A},
    {0xE0100, 0xE01EF},
};

static int
is_mark(Py_UCS4 c)  /* toolkit.tokens._MARK */
{
    if (c < 0x0300) {
        return 0;
    }
    size_t low = 0, high = sizeof MARK_RANGES / sizeof MARK_RANGES[0];
    while (low < high) {  /* the first range that ends at or after c */
        size_t middle = (low + high) / 2;
        if (MARK_RANGES[middle][1] < c) {
            low = middle + 1;
        }
        else {
            high = middle;
        }
    }
    return low < sizeof MARK_RANGES / sizeof MARK_RANGES[0] && MARK_RANGES[low][0] <= c;
}

static inline int
is_word_body(Py_UCS4 c)  /* toolkit.tokens._BODY: letters, digits, combining marks */
{
    return is_alnum(c) || (c >= 0x0300 && is_mark(c));
}

/* The blocks of the scripts written without spaces between words:
 * toolkit.tokens._UNSEGMENTED_SCRIPTS, the same ranges (Han, Japanese kana, Thai, Lao, Khmer,
 * Myanmar), sorted. */
static const Py_UCS4 UNSEGMENTED_RANGES[][2] = {
    {0x0E00, 0x0E7F}, {0x0E80, 0x0EFF}, {0x1000, 0x109F}, {0x1780, 0x17FF}, {0x19E0, 0x19FF},
    {0x3040, 0x309F}, {0x30A0, 0x30FF}, {0x31F0, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xA9E0, 0xA9FF}, {0xAA60, 0xAA7F}, {0xF900, 0xFAFF}, {0xFF66, 0xFF9F},
    {0x20000, 0x323AF},
};

static inline int
is_unsegmented(Py_UCS4 c)  /* toolkit.tokens._ANY_UNSEGMENTED_RE */
{
    if (c < 0x0E00) {
        return 0;
    }
    for (size_t k = 0; k < sizeof UNSEGMENTED_RANGES / sizeof UNSEGMENTED_RANGES[0]; k++) {
        if (c < UNSEGMENTED_RANGES[k][0]) {
            return 0;
        }
        if (c <= UNSEGMENTED_RANGES[k][1]) {
            return 1;
        }
    }
    return 0;
}

/* toolkit.tokens._INVISIBLE: characters the tokenizer ignores */
static inline int
is_invisible(Py_UCS4 c)
{
    return c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 ||
           c == 0xFEFF;
}

/* toolkit.tokens._normalize_text, then str.lower(), for one character. Callers have made sure
 * that the text holds no character whose lower case depends on context or is longer. */
static inline Py_UCS4
fold(Py_UCS4 c)
{
    if (c < 128) {
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
    switch (c) {
    case 0x2019: case 0x2018: case 0x02BC:
        return '\'';
    case 0x2010: case 0x2011:
        return '-';
    }
    return Py_UNICODE_TOLOWER(c);
}

/* Characters that may stand between two joined tokens besides whitespace (toolkit.tokens). */
static inline int
is_joining_quote(Py_UCS4 c)
{
    switch (c) {
    case '"': case '\'': case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0x00AB:
    case 0x00BB: case 0x201E: case 0x201F: case 0x2039: case 0x203A:
        return 1;
    }
    return 0;
}

/* toolkit.tokens.is_joined on the original characters s[0:n] between two tokens. */
static int
gap_joins(const Py_UCS4 *s, Py_ssize_t n)
{
    int newline = 0;  /* a line break seen, and since then only whitespace but line breaks */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = s[i];
        if (c == '\n') {
            if (newline) {
                return 0;  /* a blank line */
            }
            newline = 1;
        }
        else if (is_space(c) || is_invisible(c)) {
            continue;
        }
        else if (is_joining_quote(c)) {
            newline = 0;
        }
        else {
            return 0;
        }
    }
    return 1;
}

/* ------------------------------------------------------------------ textstat's sentences */

static inline int
is_sentence_end(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?';
}

/* textstat.sentence_count's kept pieces in s[0:n] (toolkit.readability._count_sentences,
 * before its max(1, .)): pieces \b[^.!?]+[.!?]* with at least three whitespace tokens that
 * hold a word character. In the same pass, *kept_at_cut gets the count for the text s[0:cut]
 * (0 <= cut <= n), whose last piece may be cut short. */
static Py_ssize_t
kept_pieces(const Py_UCS4 *s, Py_ssize_t n, Py_ssize_t cut, Py_ssize_t *kept_at_cut)
{
    Py_ssize_t kept = 0;
    int cut_seen = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!cut_seen && i >= cut) {  /* s[0:cut] ends outside any piece */
            *kept_at_cut = kept;
            cut_seen = 1;
        }
        if (!(is_word(s[i]) && (i == 0 || !is_word(s[i - 1])))) {
            i++;
            continue;
        }
        int words = 0, in_token = 0, token_has_word = 0;
        Py_ssize_t j = i;
        for (; j < n && !is_sentence_end(s[j]); j++) {
            if (!cut_seen && j == cut) {  /* s[0:cut] ends inside this piece's words */
                *kept_at_cut = kept + (words + (in_token && token_has_word) >= 3);
                cut_seen = 1;
            }
            Py_UCS4 c = s[j];
            if (is_space(c)) {
                if (in_token && token_has_word) {
                    words++;
                }
                in_token = token_has_word = 0;
            }
            else {
                in_token = 1;
                if (!token_has_word && is_word(c)) {
                    token_has_word = 1;
                }
            }
        }
        if (in_token && token_has_word) {
            words++;
        }
        while (j < n && is_sentence_end(s[j])) {
            j++;
        }
        if (!cut_seen && cut <= j) {  /* ... inside its closing punctuation, or at its end */
            *kept_at_cut = kept + (words >= 3);
            cut_seen = 1;
        }
        if (words >= 3) {
            kept++;
        }
        i = j;
    }
    if (!cut_seen) {
        *kept_at_cut = kept;
    }
    return kept;
}

/* toolkit.readability._count_sentences of s[0:n], and in *at_cut that of s[0:cut]. */
static Py_ssize_t
count_sentences(const Py_UCS4 *s, Py_ssize_t n, Py_ssize_t cut, Py_ssize_t *at_cut)
{
    Py_ssize_t kept_at_cut;
    Py_ssize_t kept = kept_pieces(s, n, cut, &kept_at_cut);
    *at_cut = cut == 0 ? 0 : (kept_at_cut > 1 ? kept_at_cut : 1);
    if (n == 0) {
        return 0;
    }
    return kept > 1 ? kept : 1;
}

/* ------------------------------------------------------------------ the word tokenizer */

/* toolkit.tokens._PLAIN_TOKEN_RE on folded text f[0:n]: the end of the token that starts at
 * f[i], an alphanumeric character. */
static Py_ssize_t
token_end(const Py_UCS4 *f, Py_ssize_t n, Py_ssize_t i)
{
    Py_UCS4 c = f[i];
    Py_ssize_t k;
    if (!is_decimal(c)) {
        /* a letter: a dotted abbreviation L.L.(L.)* */
        if (i + 1 < n && f[i + 1] == '.') {
            k = i + 2;
            int pairs = 0;
            while (k + 1 < n && is_alnum(f[k]) && !is_decimal(f[k]) && f[k + 1] == '.') {
                k += 2;
                pairs++;
            }
            if (pairs) {
                return k;
            }
        }
    }
    else {
        /* a digit: a number with internal separators */
        k = i + 1;
        while (k < n && is_decimal(f[k])) {
            k++;
        }
        int parts = 0;
        while (k + 1 < n && (f[k] == '.' || f[k] == ',' || f[k] == ':' || f[k] == '/') &&
               is_decimal(f[k + 1])) {
            k += 2;
            while (k < n && is_decimal(f[k])) {
                k++;
            }
            parts++;
        }
        if (parts) {
            return k;
        }
    }
    /* a word: alphanumerics (with the combining marks after them) joined by single apostrophes
     * or hyphens */
    k = i + 1;
    while (k < n && is_word_body(f[k])) {
        k++;
    }
    while (k + 1 < n && (f[k] == '\'' || f[k] == '-') && is_alnum(f[k + 1])) {
        k += 2;
        while (k < n && is_word_body(f[k])) {
            k++;
        }
    }
    return k;
}

/* toolkit.tokens._URL on folded text f[0:n] at f[i]: the end of the URL that starts there, or
 * -1. The prefix "http://", "https://" or "www."; then the longest run of characters that are
 * not whitespace, '<', '>' or double quotes, given back to its last character that may end a
 * URL (not . , ; : ! ? ) ] or an apostrophe): the regex's greedy run and its backtracking. When
 * no character may end it, there is no URL (the run then holds no letter, so the tokenizer never
 * scans it again: linear). */
static Py_ssize_t
url_end(const Py_UCS4 *f, Py_ssize_t n, Py_ssize_t i)
{
    Py_ssize_t k;
    if (f[i] == 'w') {
        if (i + 3 >= n || f[i + 1] != 'w' || f[i + 2] != 'w' || f[i + 3] != '.') {
            return -1;
        }
        k = i + 4;
    }
    else if (f[i] == 'h') {
        if (i + 4 >= n || f[i + 1] != 't' || f[i + 2] != 't' || f[i + 3] != 'p') {
            return -1;
        }
        k = i + 4;
        if (f[k] == 's') {
            k++;
        }
        if (k + 2 >= n || f[k] != ':' || f[k + 1] != '/' || f[k + 2] != '/') {
            return -1;
        }
        k += 3;
    }
    else {
        return -1;
    }
    Py_ssize_t end = -1;
    for (; k < n; k++) {
        Py_UCS4 c = f[k];
        if (c == '<' || c == '>' || c == '"' || c == 0x201C || c == 0x201D || is_space(c)) {
            break;
        }
        switch (c) {
        case '.': case ',': case ';': case ':': case '!': case '?': case ')': case ']':
        case '\'': case 0x2019:
            break;
        default:
            end = k + 1;
        }
    }
    return end;
}

static inline int
is_email_char(Py_UCS4 c)  /* re's [\w.+-] */
{
    return c == '.' || c == '+' || c == '-' || is_word(c);
}

static inline int
is_label_char(Py_UCS4 c)  /* re's [\w-] */
{
    return c == '-' || is_word(c);
}

/* The domain of the e-mail rule ([^\W_][\w-]*(?:\.[\w-]+)+) at f[a]: its end, or -1. Each run
 * of [\w-] is taken whole (the regex cannot gain by giving any back). */
static Py_ssize_t
domain_end(const Py_UCS4 *f, Py_ssize_t n, Py_ssize_t a)
{
    if (a >= n || !is_alnum(f[a])) {
        return -1;
    }
    Py_ssize_t k = a + 1;
    while (k < n && is_label_char(f[k])) {
        k++;
    }
    int labels = 0;
    while (k + 1 < n && f[k] == '.' && is_label_char(f[k + 1])) {
        k += 2;
        while (k < n && is_label_char(f[k])) {
            k++;
        }
        labels++;
    }
    return labels ? k : -1;
}

/* Where an e-mail address may hold the token that starts at a position: the run of [\w.+-]
 * from there (the e-mail rule's [\w.+-]*) ends at run_end, and the address at email_end (-1:
 * that run is not followed by "@" and a domain). A later token start before run_end lies in the
 * same run, so each run is scanned once (toolkit.tokens._EMAIL_RUN_RE: linear). */
typedef struct {
    Py_ssize_t run_end;
    Py_ssize_t email_end;
} EmailRun;

/* The end of the token that starts at f[i] (alphanumeric) in folded text f[0:n], by the rules
 * in their order: a URL, an e-mail address (only looked for when the text has an "@"), else
 * _PLAIN_TOKEN_RE. */
static Py_ssize_t
any_token_end(const Py_UCS4 *f, Py_ssize_t n, Py_ssize_t i, int has_at, EmailRun *run)
{
    if (f[i] == 'h' || f[i] == 'w') {
        Py_ssize_t end = url_end(f, n, i);
        if (end >= 0) {
            return end;
        }
    }
    if (has_at) {
        if (i >= run->run_end) {
            Py_ssize_t k = i + 1;
            while (k < n && is_email_char(f[k])) {
                k++;
            }
            run->run_end = k;
            run->email_end = (k < n && f[k] == '@') ? domain_end(f, n, k + 1) : -1;
        }
        if (run->email_end >= 0) {
            return run->email_end;
        }
    }
    return token_end(f, n, i);
}

/* Fold o[0:n] into f without the invisible characters; the number of characters in f, or -1
 * when the C tokenizer may not handle the text (see the top). Once a character has been left
 * out, *shifted is 1 and at[j] is the position in o of f[j] (before that, f[j] is o[j]'s).
 * *has_at: the text holds an "@" (so an e-mail address may be in it); *unsegmented: it holds a
 * character of a script without spaces between words (or may: when the result is -1). */
static Py_ssize_t
fold_text(const Py_UCS4 *o, Py_UCS4 *f, Py_ssize_t *at, Py_ssize_t n, int *shifted, int *has_at,
          char *unsegmented)
{
    Py_ssize_t m = 0;
    *shifted = 0;
    *has_at = 0;
    *unsegmented = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = o[i];
        if (c == '@') {
            *has_at = 1;
        }
        else if (c == 0x0130 || c == 0x03A3) {
            *unsegmented = 1;  /* not looked at further: may be */
            return -1;
        }
        else if (c >= 0x0E00 && !*unsegmented && is_unsegmented(c)) {
            *unsegmented = 1;
        }
        if (c >= 0x00AD && is_invisible(c)) {
            if (!*shifted) {
                for (Py_ssize_t j = 0; j < m; j++) {
                    at[j] = j;
                }
                *shifted = 1;
            }
            continue;
        }
        if (*shifted) {
            at[m] = i;
        }
        f[m++] = fold(c);
    }
    return m;
}

/* ------------------------------------------------------------------ the Scanner type */

typedef struct {
    PyObject_HEAD
    Table words;
    Table chunks;
    int64_t *stamps;       /* per word id: the last document that had it */
    Py_ssize_t *positions; /* per word id: its place among that document's distinct ids */
    Py_ssize_t stamps_cap;
    int64_t document;      /* documents scanned so far */
    Py_UCS4 *text;         /* the current text, and its folded copy */
    Py_UCS4 *folded;
    Py_ssize_t *at;        /* per folded character: its position in text */
    Py_ssize_t text_cap;
    Pending *pending;      /* PENDING strings of the current text waiting for their ids */
    int32_t *pending_ids;
    char *pending_flags;   /* per pending word token: joined to the one before */
    int busy;              /* scan() is running: the fallback must not call it again */
} Scanner;

static int
Scanner_init(Scanner *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, ":Scanner", kwlist)) {
        return -1;
    }
    if (self->words.strings != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is already initialised");
        return -1;
    }
    if (table_init(&self->words) < 0 || table_init(&self->chunks) < 0) {
        return -1;
    }
    self->pending = PyMem_Malloc(sizeof(Pending) * PENDING);
    self->pending_ids = PyMem_Malloc(sizeof(int32_t) * PENDING);
    self->pending_flags = PyMem_Malloc(PENDING);
    if (!self->pending || !self->pending_ids || !self->pending_flags) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void
Scanner_dealloc(Scanner *self)
{
    table_free(&self->words);
    table_free(&self->chunks);
    PyMem_Free(self->stamps);
    PyMem_Free(self->positions);
    PyMem_Free(self->text);
    PyMem_Free(self->folded);
    PyMem_Free(self->at);
    PyMem_Free(self->pending);
    PyMem_Free(self->pending_ids);
    PyMem_Free(self->pending_flags);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
check_ready(Scanner *self)
{
    if (self->words.strings == NULL || self->chunks.strings == NULL || self->pending == NULL ||
        self->pending_ids == NULL || self->pending_flags == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not initialised");
        return -1;
    }
    return 0;
}

typedef struct {
    Buffer word_ids, joined, distinct_ids, distinct_counts, chunk_ids;
    Buffer n_tokens, n_distinct, n_chunks, n_sentences, linsear_chunks, linsear_sentences;
    Buffer unsegmented;
    Buffer starts, ends;  /* per word token, when asked for: its offsets in its text (int32) */
} Output;

static void
output_free(Output *out)
{
    Buffer *all[] = {&out->word_ids, &out->joined, &out->distinct_ids, &out->distinct_counts,
                     &out->chunk_ids,
                     &out->n_tokens, &out->n_distinct, &out->n_chunks, &out->n_sentences,
                     &out->linsear_chunks, &out->linsear_sentences, &out->unsegmented,
                     &out->starts, &out->ends};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        buffer_free(all[i]);
    }
}

/* Record one token (word id) of the current document. */
static int
emit_word(Scanner *self, Output *out, Py_ssize_t id, char joined, Py_ssize_t *n_distinct)
{
    if (id >= self->stamps_cap) {
        Py_ssize_t cap = grown(self->stamps_cap, id + 1, 1024);
        if (resize(&self->stamps, cap, sizeof(int64_t)) < 0 ||
            resize(&self->positions, cap, sizeof(Py_ssize_t)) < 0) {
            return -1;
        }
        for (Py_ssize_t i = self->stamps_cap; i < cap; i++) {
            self->stamps[i] = -1;
        }
        self->stamps_cap = cap;
    }
    if (put_i32(&out->word_ids, (int32_t)id) < 0 || buffer_put(&out->joined, &joined, 1) < 0) {
        return -1;
    }
    if (self->stamps[id] == self->document) {
        ((int32_t *)out->distinct_counts.data)[self->positions[id]]++;
        return 0;
    }
    self->stamps[id] = self->document;
    self->positions[id] = out->distinct_ids.len / (Py_ssize_t)sizeof(int32_t);
    (*n_distinct)++;
    if (put_i32(&out->distinct_ids, (int32_t)id) < 0 || put_i32(&out->distinct_counts, 1) < 0) {
        return -1;
    }
    return 0;
}

/* The pending word tokens (folded characters f) to ids, and recorded. */
static int
flush_words(Scanner *self, Output *out, const Py_UCS4 *f, Py_ssize_t count,
            Py_ssize_t *n_distinct)
{
    if (intern_pending(&self->words, f, self->pending, count, self->pending_ids) < 0) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (emit_word(self, out, self->pending_ids[k], self->pending_flags[k], n_distinct) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Word tokens of the text in self->text, by the C tokenizer, from its m folded characters
 * (shifted: fold_text left characters out, and self->at maps positions back). */
static int
scan_words(Scanner *self, Output *out, Py_ssize_t m, int shifted, int has_at, int record,
           Py_ssize_t *n_tokens, Py_ssize_t *n_distinct)
{
    EmailRun run = {-1, -1};
    const Py_UCS4 *o = self->text, *f = self->folded;
    const Py_ssize_t *at = self->at;
    Py_ssize_t previous_end = -1;  /* in the text */
    Py_ssize_t i = 0, count = 0;
    while (i < m) {
        if (!is_alnum(f[i])) {
            i++;
            continue;
        }
        Py_ssize_t end = any_token_end(f, m, i, has_at, &run);
        Py_ssize_t start = shifted ? at[i] : i;
        char joined = previous_end < 0 ? 0 : (char)gap_joins(o + previous_end, start - previous_end);
        Pending *token = &self->pending[count];
        token->at = i;
        token->len = end - i;
        token->hash = hash_points(f + i, end - i);
        self->pending_flags[count] = joined;
        if (++count == PENDING) {
            if (flush_words(self, out, f, count, n_distinct) < 0) {
                return -1;
            }
            count = 0;
        }
        (*n_tokens)++;
        previous_end = shifted ? at[end - 1] + 1 : end;
        if (record && (put_i32(&out->starts, (int32_t)start) < 0 ||
                       put_i32(&out->ends, (int32_t)previous_end) < 0)) {
            return -1;
        }
        i = end;
    }
    return flush_words(self, out, f, count, n_distinct);
}

/* Word tokens from the Python fallback: fallback(text) -> (list of str, bytes of joined). */
static int
scan_words_fallback(Scanner *self, Output *out, PyObject *fallback, PyObject *text,
                    Py_ssize_t *n_tokens, Py_ssize_t *n_distinct)
{
    PyObject *result = PyObject_CallOneArg(fallback, text);
    if (result == NULL) {
        return -1;
    }
    PyObject *tokens, *joined;
    if (!PyTuple_Check(result) || PyTuple_GET_SIZE(result) != 2 ||
        !PyList_Check(tokens = PyTuple_GET_ITEM(result, 0)) ||
        !PyBytes_Check(joined = PyTuple_GET_ITEM(result, 1)) ||
        PyBytes_GET_SIZE(joined) != PyList_GET_SIZE(tokens)) {
        Py_DECREF(result);
        PyErr_SetString(PyExc_TypeError, "fallback must return (list of str, bytes) of one length");
        return -1;
    }
    const char *flags = PyBytes_AS_STRING(joined);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(tokens); k++) {
        PyObject *token = PyList_GET_ITEM(tokens, k);
        if (!PyUnicode_Check(token)) {
            Py_DECREF(result);
            PyErr_SetString(PyExc_TypeError, "fallback tokens must be str");
            return -1;
        }
        Py_UCS4 *points = PyUnicode_AsUCS4Copy(token);
        if (points == NULL) {
            Py_DECREF(result);
            return -1;
        }
        Py_ssize_t id = table_id(&self->words, points, PyUnicode_GET_LENGTH(token));
        PyMem_Free(points);
        if (id < 0 || emit_word(self, out, id, flags[k] ? 1 : 0, n_distinct) < 0) {
            Py_DECREF(result);
            return -1;
        }
        (*n_tokens)++;
    }
    Py_DECREF(result);
    return 0;
}

/* The pending whitespace tokens (of self->text) to ids, and recorded. */
static int
flush_chunks(Scanner *self, Output *out, Py_ssize_t count)
{
    if (count == 0) {
        return 0;
    }
    if (intern_pending(&self->chunks, self->text, self->pending, count, self->pending_ids) < 0 ||
        buffer_put(&out->chunk_ids, self->pending_ids, (Py_ssize_t)sizeof(int32_t) * count) < 0) {
        return -1;
    }
    return 0;
}

/* textstat's whitespace tokens of self->text[0:n], and the sentence counts. */
static int
scan_chunks(Scanner *self, Output *out, Py_ssize_t n)
{
    const Py_UCS4 *o = self->text;
    Py_ssize_t n_chunks = 0, words = 0, count = 0;
    Py_ssize_t head = -1, head_end = 0;  /* Linsear Write: chunks in its head, where it ends */
    Py_ssize_t i = 0;
    while (i < n) {
        if (is_space(o[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        int has_word = 0;
        for (; j < n && !is_space(o[j]); j++) {
            if (!has_word && is_word(o[j])) {
                has_word = 1;
            }
        }
        Pending *chunk = &self->pending[count];
        chunk->at = i;
        chunk->len = j - i;
        chunk->hash = hash_points(o + i, j - i);
        if (++count == PENDING) {
            if (flush_chunks(self, out, count) < 0) {
                return -1;
            }
            count = 0;
        }
        n_chunks++;
        words += has_word;
        /* the head: the first 100 chunks, and more until it holds 100 words */
        if (head < 0 && n_chunks >= 100 && words >= 100) {
            head = n_chunks;
            head_end = j;
        }
        i = j;
    }
    if (flush_chunks(self, out, count) < 0) {
        return -1;
    }
    if (head < 0 || head == n_chunks) {
        head = n_chunks;  /* the whole text, up to trailing whitespace */
        head_end = n_chunks ? n : 0;
    }
    Py_ssize_t head_sentences;
    Py_ssize_t sentences = count_sentences(o, n, head_end, &head_sentences);
    if (put_i64(&out->n_chunks, n_chunks) < 0 || put_i64(&out->n_sentences, sentences) < 0 ||
        put_i64(&out->linsear_chunks, head) < 0 ||
        put_i64(&out->linsear_sentences, head_sentences) < 0) {
        return -1;
    }
    return 0;
}

/* The offsets of spans_fallback(text), a list of (token, start, end) of n_tokens tokens
 * (toolkit.tokens.token_spans), recorded for a text the fallback tokenized. */
static int
record_spans(Output *out, PyObject *spans_fallback, PyObject *text, Py_ssize_t n_tokens)
{
    PyObject *spans = PyObject_CallOneArg(spans_fallback, text);
    if (spans == NULL) {
        return -1;
    }
    if (!PyList_Check(spans) || PyList_GET_SIZE(spans) != n_tokens) {
        Py_DECREF(spans);
        PyErr_SetString(PyExc_TypeError, "spans_fallback must return a list of (token, start, "
                        "end), one per token of fallback");
        return -1;
    }
    for (Py_ssize_t k = 0; k < n_tokens; k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        Py_ssize_t a = -1, b = -1;
        if (PyTuple_Check(span) && PyTuple_GET_SIZE(span) == 3) {
            a = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
            b = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 2));
        }
        if (a < 0 || b < 0 || a > INT32_MAX || b > INT32_MAX) {
            Py_DECREF(spans);
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "spans_fallback must return a list of "
                                "(token, start, end) with offsets below 2**31");
            }
            return -1;
        }
        if (put_i32(&out->starts, (int32_t)a) < 0 || put_i32(&out->ends, (int32_t)b) < 0) {
            Py_DECREF(spans);
            return -1;
        }
    }
    Py_DECREF(spans);
    return 0;
}

/* A text, its folded copy and the map back: the Scanner's buffers, and those of the module
 * functions. */
typedef struct {
    Py_UCS4 *text;
    Py_UCS4 *folded;
    Py_ssize_t *at;
    Py_ssize_t cap;
} Work;

static void
work_free(Work *w)
{
    PyMem_Free(w->text);
    PyMem_Free(w->folded);
    PyMem_Free(w->at);
    memset(w, 0, sizeof *w);
}

static int
work_load(Work *w, PyObject *text, Py_ssize_t n)
{
    if (n + 1 > w->cap) {
        Py_ssize_t cap = grown(w->cap, n + 1, 4096);
        work_free(w);
        w->text = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)cap);
        w->folded = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)cap);
        w->at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)cap);
        if (w->text == NULL || w->folded == NULL || w->at == NULL) {
            work_free(w);
            PyErr_NoMemory();
            return -1;
        }
        w->cap = cap;
    }
    if (PyUnicode_AsUCS4(text, w->text, w->cap, 0) == NULL) {
        return -1;
    }
    return 0;
}

static int
load_text(Scanner *self, PyObject *text, Py_ssize_t n)
{
    /* the Scanner's buffers are a Work's: grown and filled by work_load */
    Work w = {self->text, self->folded, self->at, self->text_cap};
    int result = work_load(&w, text, n);
    self->text = w.text;
    self->folded = w.folded;
    self->at = w.at;
    self->text_cap = w.cap;
    return result;
}

static PyObject *
Scanner_scan(Scanner *self, PyObject *args)
{
    PyObject *texts, *fallback, *spans_fallback = Py_None;
    if (!PyArg_ParseTuple(args, "O!O|O:scan", &PyList_Type, &texts, &fallback, &spans_fallback)) {
        return NULL;
    }
    int record = spans_fallback != Py_None;
    if (check_ready(self) < 0) {
        return NULL;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner.scan is already running (called from its "
                        "fallback, or from another thread)");
        return NULL;
    }
    /* a snapshot: the fallback may run any code, including code that changes the list */
    PyObject *batch = PyList_AsTuple(texts);
    if (batch == NULL) {
        return NULL;
    }
    self->busy = 1;
    Output out;
    memset(&out, 0, sizeof out);
    Py_ssize_t n_texts = PyTuple_GET_SIZE(batch);
    for (Py_ssize_t d = 0; d < n_texts; d++) {
        PyObject *text = PyTuple_GET_ITEM(batch, d);
        Py_INCREF(text);
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "text %zd is %.100s, not str", d, Py_TYPE(text)->tp_name);
            goto error_text;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        if (record && n > INT32_MAX) {
            PyErr_Format(PyExc_OverflowError, "text %zd is too long to record its offsets", d);
            goto error_text;
        }
        if (load_text(self, text, n) < 0) {
            goto error_text;
        }
        self->document++;
        Py_ssize_t n_tokens = 0, n_distinct = 0;
        int done;
        int shifted, has_at;
        char unsegmented;
        Py_ssize_t m = fold_text(self->text, self->folded, self->at, n, &shifted, &has_at,
                                 &unsegmented);
        if (buffer_put(&out.unsegmented, &unsegmented, 1) < 0) {
            goto error_text;
        }
        if (m >= 0) {
            done = scan_words(self, &out, m, shifted, has_at, record, &n_tokens, &n_distinct);
        }
        else {
            done = scan_words_fallback(self, &out, fallback, text, &n_tokens, &n_distinct);
            if (done == 0 && record) {
                done = record_spans(&out, spans_fallback, text, n_tokens);
            }
            /* the callbacks may have run anything: load the text again */
            if (done == 0) {
                done = load_text(self, text, n);
            }
        }
        if (done < 0 || put_i64(&out.n_tokens, n_tokens) < 0 ||
            put_i64(&out.n_distinct, n_distinct) < 0 || scan_chunks(self, &out, n) < 0) {
            goto error_text;
        }
        Py_DECREF(text);
        continue;
      error_text:
        Py_DECREF(text);
        output_free(&out);
        Py_DECREF(batch);
        self->busy = 0;
        return NULL;
    }
    Py_DECREF(batch);
    self->busy = 0;
    /* one buffer at a time into bytes, each freed at once: at most one extra copy in memory */
    const char *names[] = {"word_ids", "joined", "distinct_ids", "distinct_counts", "chunk_ids",
                           "n_tokens", "n_distinct", "n_chunks", "n_sentences",
                           "linsear_chunks", "linsear_sentences", "unsegmented", "starts", "ends"};
    Buffer *buffers[] = {&out.word_ids, &out.joined, &out.distinct_ids, &out.distinct_counts,
                         &out.chunk_ids, &out.n_tokens, &out.n_distinct, &out.n_chunks,
                         &out.n_sentences, &out.linsear_chunks, &out.linsear_sentences,
                         &out.unsegmented, &out.starts, &out.ends};
    size_t n_names = sizeof names / sizeof names[0] - (record ? 0 : 2);
    PyObject *result = PyDict_New();
    for (size_t i = 0; result != NULL && i < n_names; i++) {
        PyObject *value = buffer_bytes(buffers[i]);
        buffer_free(buffers[i]);
        if (value == NULL || PyDict_SetItemString(result, names[i], value) < 0) {
            Py_CLEAR(result);
        }
        Py_XDECREF(value);
    }
    output_free(&out);
    return result;
}

static PyObject *
Scanner_clear_chunks(Scanner *self, PyObject *Py_UNUSED(ignored))
{
    if (check_ready(self) < 0) {
        return NULL;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner.clear_chunks during scan()");
        return NULL;
    }
    if (table_clear(&self->chunks) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
Scanner_get_words(Scanner *self, void *Py_UNUSED(closure))
{
    if (check_ready(self) < 0) {
        return NULL;
    }
    return Py_NewRef(self->words.strings);
}

static PyObject *
Scanner_get_chunks(Scanner *self, void *Py_UNUSED(closure))
{
    if (check_ready(self) < 0) {
        return NULL;
    }
    return Py_NewRef(self->chunks.strings);
}

static PyMethodDef Scanner_methods[] = {
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS,
     "scan(texts, fallback, spans_fallback=None) -> dict of bytes: tokens, chunks and counts of "
     "a list of texts.\n\n"
     "fallback(text) -> (tokens, joined) tokenizes a text the C tokenizer does not handle. With "
     "spans_fallback (toolkit.tokens.token_spans, for those texts) the dict also has 'starts' "
     "and 'ends': int32, each word token's offsets in its text."},
    {"clear_chunks", (PyCFunction)Scanner_clear_chunks, METH_NOARGS,
     "Forget the whitespace-token types (their ids start again from 0)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Scanner_getset[] = {
    {"words", (getter)Scanner_get_words, NULL, "Word types (lower-cased tokens), in id order.", NULL},
    {"chunks", (getter)Scanner_get_chunks, NULL, "Whitespace-token types, in id order.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "toolkit._scan.Scanner",
    .tp_doc = "Interns word and whitespace-token types across calls of scan().",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
    .tp_getset = Scanner_getset,
};

/* ------------------------------------------------------------------ Liang hyphenation */

/* The id of s[0:n] in t, or -1 when absent (never adds). */
static Py_ssize_t
table_find(const Table *t, const Py_UCS4 *s, Py_ssize_t n)
{
    uint64_t h = hash_points(s, n);
    size_t j = (size_t)h & t->mask;
    for (;;) {
        const Slot *slot = &t->slots[j];
        if (slot->id == 0) {
            return -1;
        }
        if (slot->hash == h) {
            Py_ssize_t id = slot->id - 1;
            if (t->starts[id + 1] - t->starts[id] == n &&
                same_points(t->arena + t->starts[id], s, n)) {
                return id;
            }
        }
        j = (j + 1) & t->mask;
    }
}

/* Pyphen's hyphenation positions (Liang's algorithm), for textstat's syllable count of words
 * that CMUdict lacks. The patterns are those of a loaded pyphen.HyphDict (its `patterns`:
 * pattern -> (offset, values)), passed in at construction, so the dictionary and its parsing
 * are Pyphen's own; tests/test_scan.py checks counts against Pyphen.positions on real words. */
typedef struct {
    PyObject_HEAD
    Table patterns;
    Py_ssize_t *offset;     /* per pattern id: Pyphen's start offset */
    Py_ssize_t *values_at;  /* per pattern id: its values are values[values_at[id] ..
                               values_at[id + 1]) */
    uint8_t *values;
    Py_ssize_t maxlen, left, right;
    Py_UCS4 *word;          /* ".word." of the word being hyphenated */
    uint8_t *refs;
    Py_ssize_t word_cap;
} Hyphenator;

static int
Hyphenator_init(Hyphenator *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"patterns", "maxlen", "left", "right", NULL};
    PyObject *patterns;
    Py_ssize_t maxlen, left, right;
    if (self->patterns.slots != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Hyphenator is already initialised");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!nnn:Hyphenator", kwlist, &PyDict_Type,
                                     &patterns, &maxlen, &left, &right)) {
        return -1;
    }
    if (maxlen < 1 || left < 0 || right < 0) {
        PyErr_SetString(PyExc_ValueError, "Hyphenator: maxlen must be >= 1, left and right >= 0");
        return -1;
    }
    if (table_init(&self->patterns) < 0) {
        return -1;
    }
    Py_ssize_t n_patterns = PyDict_GET_SIZE(patterns), n_values = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(patterns, &pos, &key, &value)) {
        if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2 ||
            !PyTuple_Check(PyTuple_GET_ITEM(value, 1))) {
            PyErr_SetString(PyExc_TypeError, "Hyphenator: a pattern is not (offset, values)");
            return -1;
        }
        n_values += PyTuple_GET_SIZE(PyTuple_GET_ITEM(value, 1));
    }
    self->offset = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n_patterns + 1));
    self->values_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n_patterns + 2));
    self->values = PyMem_Malloc((size_t)n_values + 1);
    if (!self->offset || !self->values_at || !self->values) {
        PyErr_NoMemory();
        return -1;
    }
    self->values_at[0] = 0;
    pos = 0;
    Py_ssize_t at = 0;
    while (PyDict_Next(patterns, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "Hyphenator: a pattern is not a str");
            return -1;
        }
        Py_UCS4 *points = PyUnicode_AsUCS4Copy(key);
        if (points == NULL) {
            return -1;
        }
        Py_ssize_t before = self->patterns.n;
        Py_ssize_t id = table_id(&self->patterns, points, PyUnicode_GET_LENGTH(key));
        PyMem_Free(points);
        if (id < 0) {
            return -1;
        }
        if (id != before) {
            PyErr_SetString(PyExc_ValueError, "Hyphenator: a pattern appears twice");
            return -1;
        }
        /* exact ints only: Pyphen's nonstandard-hyphenation DataInt values are refused */
        PyObject *start = PyTuple_GET_ITEM(value, 0), *vals = PyTuple_GET_ITEM(value, 1);
        if (!PyLong_CheckExact(start)) {
            PyErr_SetString(PyExc_TypeError, "Hyphenator: an offset is not an int");
            return -1;
        }
        self->offset[id] = PyLong_AsSsize_t(start);
        if (self->offset[id] < 0) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "Hyphenator: a negative offset");
            }
            return -1;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(vals); k++) {
            PyObject *v = PyTuple_GET_ITEM(vals, k);
            long number = PyLong_CheckExact(v) ? PyLong_AsLong(v) : -1;
            if (number < 0 || number > 9) {
                if (!PyErr_Occurred()) {
                    PyErr_SetString(PyExc_ValueError,
                                    "Hyphenator: a value is not an int from 0 to 9");
                }
                return -1;
            }
            self->values[at++] = (uint8_t)number;
        }
        self->values_at[id + 1] = at;
    }
    self->maxlen = maxlen;
    self->left = left;
    self->right = right;
    return 0;
}

static void
Hyphenator_dealloc(Hyphenator *self)
{
    if (self->patterns.slots != NULL) {
        table_free(&self->patterns);
    }
    Py_CLEAR(self->patterns.strings);
    PyMem_Free(self->offset);
    PyMem_Free(self->values_at);
    PyMem_Free(self->values);
    PyMem_Free(self->word);
    PyMem_Free(self->refs);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* len(Pyphen.positions(word)) for the lower-cased word[0:n] (its length before lower-casing:
 * n_original); -1 with MemoryError. */
static Py_ssize_t
hyphen_count(Hyphenator *self, const Py_UCS4 *w, Py_ssize_t n, Py_ssize_t n_original)
{
    Py_ssize_t size = n + 2;  /* ".word." */
    if (size + 1 > self->word_cap) {
        Py_ssize_t cap = grown(self->word_cap, size + 1, 64);
        if (resize(&self->word, cap, sizeof(Py_UCS4)) < 0 || resize(&self->refs, cap, 1) < 0) {
            return -1;
        }
        self->word_cap = cap;
    }
    Py_UCS4 *p = self->word;
    uint8_t *refs = self->refs;
    p[0] = '.';
    memcpy(p + 1, w, sizeof(Py_UCS4) * (size_t)n);
    p[n + 1] = '.';
    memset(refs, 0, (size_t)size + 1);
    for (Py_ssize_t i = 0; i < size - 1; i++) {
        Py_ssize_t stop = i + self->maxlen < size ? i + self->maxlen : size;
        for (Py_ssize_t j = i + 1; j <= stop; j++) {
            Py_ssize_t id = table_find(&self->patterns, p + i, j - i);
            if (id < 0) {
                continue;
            }
            Py_ssize_t first = i + self->offset[id];
            const uint8_t *v = self->values + self->values_at[id];
            Py_ssize_t m = self->values_at[id + 1] - self->values_at[id];
            for (Py_ssize_t k = 0; k < m && first + k <= size; k++) {
                if (v[k] > refs[first + k]) {
                    refs[first + k] = v[k];
                }
            }
        }
    }
    Py_ssize_t count = 0, last = n_original - self->right;
    for (Py_ssize_t i = 0; i <= size; i++) {
        if ((refs[i] & 1) && i - 1 >= self->left && i - 1 <= last) {
            count++;
        }
    }
    return count;
}

/* Hyphenator.counts(words) -> bytes of int32: len(Pyphen(...).positions(word)) of each word. */
static PyObject *
Hyphenator_counts(Hyphenator *self, PyObject *args)
{
    PyObject *words;
    if (!PyArg_ParseTuple(args, "O!:counts", &PyList_Type, &words)) {
        return NULL;
    }
    if (self->patterns.slots == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Hyphenator is not initialised");
        return NULL;
    }
    Py_ssize_t n_words = PyList_GET_SIZE(words);
    PyObject *result = PyBytes_FromStringAndSize(NULL, n_words * 4);
    if (result == NULL) {
        return NULL;
    }
    int32_t *out = (int32_t *)PyBytes_AS_STRING(result);
    Py_UCS4 *points = NULL;
    Py_ssize_t points_cap = 0;
    for (Py_ssize_t d = 0; d < n_words; d++) {
        PyObject *word = PyList_GET_ITEM(words, d);
        if (!PyUnicode_Check(word)) {
            PyErr_Format(PyExc_TypeError, "word %zd is %.100s, not str", d,
                         Py_TYPE(word)->tp_name);
            goto error;
        }
        Py_ssize_t n_original = PyUnicode_GET_LENGTH(word);
        PyObject *lower;
        if (PyUnicode_IS_ASCII(word)) {
            lower = Py_NewRef(word);
        }
        else {  /* HyphDict.positions lower-cases the word (str.lower: context, length) */
            lower = PyObject_CallMethod(word, "lower", NULL);
            if (lower == NULL) {
                goto error;
            }
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(lower);
        if (n + 1 > points_cap) {
            points_cap = grown(points_cap, n + 1, 64);
            if (resize(&points, points_cap, sizeof(Py_UCS4)) < 0) {
                Py_DECREF(lower);
                goto error;
            }
        }
        if (PyUnicode_AsUCS4(lower, points, points_cap, 0) == NULL) {
            Py_DECREF(lower);
            goto error;
        }
        Py_DECREF(lower);
        if (PyUnicode_IS_ASCII(word)) {
            for (Py_ssize_t i = 0; i < n; i++) {
                if (points[i] >= 'A' && points[i] <= 'Z') {
                    points[i] += 'a' - 'A';
                }
            }
        }
        Py_ssize_t count = hyphen_count(self, points, n, n_original);
        if (count < 0) {
            goto error;
        }
        out[d] = (int32_t)count;
    }
    PyMem_Free(points);
    return result;
  error:
    PyMem_Free(points);
    Py_DECREF(result);
    return NULL;
}

static PyMethodDef Hyphenator_methods[] = {
    {"counts", (PyCFunction)Hyphenator_counts, METH_VARARGS,
     "counts(words) -> bytes of int32: how many hyphenation positions Pyphen finds in each "
     "word (len(Pyphen.positions(word)))."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject HyphenatorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "toolkit._scan.Hyphenator",
    .tp_doc = "Hyphenator(patterns, maxlen, left, right): Pyphen's Liang hyphenation with the "
              "patterns of a loaded pyphen.HyphDict (HyphDict.patterns, HyphDict.maxlen) and "
              "Pyphen's left/right margins.",
    .tp_basicsize = sizeof(Hyphenator),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Hyphenator_init,
    .tp_dealloc = (destructor)Hyphenator_dealloc,
    .tp_methods = Hyphenator_methods,
};

/* ------------------------------------------------------------------ feature sums */

/* sum_features(chunk_ids, n_chunks, head, features, k, hard_ids, n_hard) -> (sums, head_sums,
 * difficult): per document, the sum of the int64 feature rows (features: types x k, C order)
 * of its chunks, the same over its first head[d] chunks, and how many distinct non-negative
 * hard_ids (int32, per type) its chunks have. Documents' chunks follow one another in
 * chunk_ids (int32); n_chunks and head are int64 per document. Sizes are checked: any
 * mismatch is a ValueError. */
static PyObject *
mod_sum_features(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer ids = {0}, counts = {0}, heads = {0}, features = {0}, hard = {0};
    Py_ssize_t k, n_hard;
    PyObject *result = NULL;
    int64_t *sums = NULL, *head_sums = NULL, *difficult = NULL, *stamps = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*y*ny*n:sum_features", &ids, &counts, &heads, &features,
                          &k, &hard, &n_hard)) {
        return NULL;
    }
    Py_ssize_t n_ids = ids.len / 4, n_docs = counts.len / 8, n_types = hard.len / 4;
    Py_ssize_t widest = n_types > n_docs ? n_types : n_docs;
    if (ids.len % 4 || counts.len % 8 || hard.len % 4 || features.len % 8 ||
        heads.len != counts.len || k < 0 || n_hard < 0 ||
        (widest && k > PY_SSIZE_T_MAX / 8 / widest) || features.len != n_types * k * 8) {
        PyErr_SetString(PyExc_ValueError, "sum_features: arrays of mismatched sizes");
        goto done;
    }
    const int32_t *chunk = ids.buf, *hard_id = hard.buf;
    const int64_t *n_chunks = counts.buf, *head = heads.buf, *row = features.buf;
    sums = PyMem_Calloc((size_t)(n_docs * k) + 1, sizeof(int64_t));
    head_sums = PyMem_Calloc((size_t)(n_docs * k) + 1, sizeof(int64_t));
    difficult = PyMem_Calloc((size_t)n_docs + 1, sizeof(int64_t));
    stamps = PyMem_Malloc(sizeof(int64_t) * (size_t)(n_hard + 1));
    if (!sums || !head_sums || !difficult || !stamps) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t h = 0; h < n_hard; h++) {
        stamps[h] = -1;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t d = 0; d < n_docs; d++) {
        int64_t *sum = sums + d * k;
        if (n_chunks[d] < 0 || head[d] < 0 || head[d] > n_chunks[d] || at + n_chunks[d] > n_ids) {
            PyErr_SetString(PyExc_ValueError, "sum_features: counts do not fit the ids");
            goto done;
        }
        for (Py_ssize_t c = 0; c < n_chunks[d]; c++, at++) {
            int32_t type = chunk[at];
            if (type < 0 || type >= n_types) {
                PyErr_SetString(PyExc_ValueError, "sum_features: a chunk id has no features");
                goto done;
            }
            if (c == head[d]) {
                memcpy(head_sums + d * k, sum, sizeof(int64_t) * (size_t)k);
            }
            const int64_t *values = row + (Py_ssize_t)type * k;
            for (Py_ssize_t f = 0; f < k; f++) {
                sum[f] += values[f];
            }
            int32_t word = hard_id[type];
            if (word >= 0) {
                if (word >= n_hard) {
                    PyErr_SetString(PyExc_ValueError, "sum_features: hard id out of range");
                    goto done;
                }
                if (stamps[word] != d) {
                    stamps[word] = d;
                    difficult[d]++;
                }
            }
        }
        if (head[d] == n_chunks[d]) {
            memcpy(head_sums + d * k, sum, sizeof(int64_t) * (size_t)k);
        }
    }
    result = Py_BuildValue("(y#y#y#)", (char *)sums, n_docs * k * 8, (char *)head_sums,
                           n_docs * k * 8, (char *)difficult, n_docs * 8);
  done:
    PyMem_Free(sums);
    PyMem_Free(head_sums);
    PyMem_Free(difficult);
    PyMem_Free(stamps);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&counts);
    PyBuffer_Release(&heads);
    PyBuffer_Release(&features);
    PyBuffer_Release(&hard);
    return result;
}

/* ------------------------------------------------------------------ token offsets */

/* The start and end offsets (into the text as given) of the word tokens of the n characters in
 * w->text, by the rules scan_words applies: 0, or 1 when the C tokenizer may not handle the
 * text (fold_text), or -1 with an exception. */
static int
text_offsets(Work *w, Py_ssize_t n, Buffer *starts, Buffer *ends, Py_ssize_t *count)
{
    int shifted, has_at;
    char unsegmented;
    Py_ssize_t m = fold_text(w->text, w->folded, w->at, n, &shifted, &has_at, &unsegmented);
    if (m < 0) {
        return 1;
    }
    EmailRun run = {-1, -1};
    const Py_UCS4 *f = w->folded;
    Py_ssize_t i = 0;
    *count = 0;
    while (i < m) {
        if (!is_alnum(f[i])) {
            i++;
            continue;
        }
        Py_ssize_t end = any_token_end(f, m, i, has_at, &run);
        if (put_i64(starts, shifted ? w->at[i] : i) < 0 ||
            put_i64(ends, shifted ? w->at[end - 1] + 1 : end) < 0) {
            return -1;
        }
        (*count)++;
        i = end;
    }
    return 0;
}

/* The offsets of the spans fallback(text) gives: a list of (token, start, end). */
static int
fallback_offsets(PyObject *fallback, PyObject *text, Buffer *starts, Buffer *ends,
                 Py_ssize_t *count)
{
    PyObject *spans = PyObject_CallOneArg(fallback, text);
    if (spans == NULL) {
        return -1;
    }
    if (!PyList_Check(spans)) {
        Py_DECREF(spans);
        PyErr_SetString(PyExc_TypeError, "fallback must return a list of (token, start, end)");
        return -1;
    }
    *count = PyList_GET_SIZE(spans);
    for (Py_ssize_t k = 0; k < *count; k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 3) {
            Py_DECREF(spans);
            PyErr_SetString(PyExc_TypeError, "fallback must return a list of (token, start, end)");
            return -1;
        }
        Py_ssize_t a = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        Py_ssize_t b = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 2));
        if ((a == -1 || b == -1) && PyErr_Occurred()) {
            Py_DECREF(spans);
            return -1;
        }
        if (put_i64(starts, a) < 0 || put_i64(ends, b) < 0) {
            Py_DECREF(spans);
            return -1;
        }
    }
    Py_DECREF(spans);
    return 0;
}

static PyObject *
mod_token_offsets(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *fallback;
    if (!PyArg_ParseTuple(args, "O!O:token_offsets", &PyList_Type, &texts, &fallback)) {
        return NULL;
    }
    /* a snapshot: the fallback may run any code, including code that changes the list */
    PyObject *batch = PyList_AsTuple(texts);
    if (batch == NULL) {
        return NULL;
    }
    Work work = {0};
    Buffer starts = {0}, ends = {0}, counts = {0};
    PyObject *result = NULL;
    for (Py_ssize_t d = 0; d < PyTuple_GET_SIZE(batch); d++) {
        PyObject *text = PyTuple_GET_ITEM(batch, d);
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "text %zd is %.100s, not str", d, Py_TYPE(text)->tp_name);
            goto done;
        }
        Py_ssize_t count = 0;
        if (work_load(&work, text, PyUnicode_GET_LENGTH(text)) < 0) {
            goto done;
        }
        int status = text_offsets(&work, PyUnicode_GET_LENGTH(text), &starts, &ends, &count);
        if (status == 1) {
            status = fallback_offsets(fallback, text, &starts, &ends, &count);
        }
        if (status < 0 || put_i64(&counts, count) < 0) {
            goto done;
        }
    }
    result = Py_BuildValue("(NNN)", buffer_bytes(&starts), buffer_bytes(&ends),
                           buffer_bytes(&counts));
  done:
    Py_DECREF(batch);
    work_free(&work);
    buffer_free(&starts);
    buffer_free(&ends);
    buffer_free(&counts);
    return result;
}

/* ------------------------------------------------------------------ quotation marks */

/* toolkit.voice._pair: the same pass over the marks, with the same stack (see there for what
 * each rule means). NONE stands for the character before the text's first or after its last,
 * which Python spells "": it counts as whitespace and is not alphanumeric. */

#define NONE ((Py_UCS4)0xFFFFFFFF)
#define MAX_QUOTE_DEPTH 8  /* toolkit.voice._MAX_DEPTH */

typedef struct {
    Py_ssize_t position;
    int level;
    Py_UCS4 mark;
} OpenMark;

typedef struct {
    Py_ssize_t start, end;
} QuoteSpan;

typedef struct {
    const Py_UCS4 *s;
    OpenMark stack[MAX_QUOTE_DEPTH + 1];
    int depth;
    Py_ssize_t open_count[2];
    Buffer found;  /* QuoteSpan */
} Pairing;

static inline int
q_space(Py_UCS4 c)
{
    return c == NONE || Py_UNICODE_ISSPACE(c);
}

static inline int
q_alnum(Py_UCS4 c)
{
    return c != NONE && Py_UNICODE_ISALNUM(c);
}

static inline int
q_in(Py_UCS4 c, const Py_UCS4 *set)
{
    for (; *set; set++) {
        if (c == *set) {
            return 1;
        }
    }
    return 0;
}

static const Py_UCS4 Q_OPENERS_AFTER[] = {'(', '[', '{', 0x2014, 0x2013, '-', '/', 0x00A0, 0};
static const Py_UCS4 Q_CLOSE_PUNCT[] = {'.', ',', ';', ':', '!', '?', 0x2026, ')', ']', '}',
                                        0x2014, 0x2013, '-', 0};
static const Py_UCS4 Q_BEFORE_OPENING[] = {0x201C, 0x201E, 0x00AB, 0x2018, 0x201A, 0x2039, '"',
                                           '\'', 0};
static const Py_UCS4 Q_AFTER_CLOSING[] = {0x201D, 0x00BB, 0x2019, 0x203A, '"', '\'', 0};
static const Py_UCS4 Q_DOUBLE_OPENERS[] = {0x201C, 0x201E, '"', 0};      /* “„" */
static const Py_UCS4 Q_SINGLE_KIND[] = {0x2018, '\'', 0x2039, 0x201A, 0}; /* ‘'‹‚ */

enum { ACCEPT_ANY, ACCEPT_LOW_DOUBLE, ACCEPT_DOUBLE_OPENER, ACCEPT_GUILLEMET, ACCEPT_SINGLE_GUILLEMET };

static int
q_accepts(int rule, Py_UCS4 m)
{
    switch (rule) {
    case ACCEPT_LOW_DOUBLE:
        return m == 0x201E;
    case ACCEPT_DOUBLE_OPENER:
        return q_in(m, Q_DOUBLE_OPENERS);
    case ACCEPT_GUILLEMET:
        return m == 0x00AB;
    case ACCEPT_SINGLE_GUILLEMET:
        return m == 0x2039;
    }
    return 1;
}

static int
q_same_kind(Py_UCS4 opening, Py_UCS4 mark)  /* toolkit.voice._same_kind */
{
    if (q_in(opening, Q_DOUBLE_OPENERS)) {
        return q_in(mark, Q_DOUBLE_OPENERS);
    }
    if (opening == 0x00AB) {
        return mark == 0x00AB;
    }
    return q_in(mark, Q_SINGLE_KIND);
}

static int
q_found(Pairing *p, Py_ssize_t start, Py_ssize_t end)
{
    QuoteSpan span = {start, end};
    return buffer_put(&p->found, &span, sizeof span);
}

static int
q_push(Pairing *p, Py_ssize_t position, int level, Py_UCS4 mark)
{
    if (p->depth >= MAX_QUOTE_DEPTH) {
        return 0;
    }
    if (p->depth && p->stack[p->depth - 1].mark == mark) {
        Py_ssize_t opening = p->stack[--p->depth].position;
        p->open_count[level]--;
        Py_ssize_t end = position;
        while (end > opening + 1 && Py_UNICODE_ISSPACE(p->s[end - 1])) {
            end--;
        }
        if (q_found(p, opening + 1, end) < 0) {
            return -1;
        }
    }
    p->stack[p->depth].position = position;
    p->stack[p->depth].level = level;
    p->stack[p->depth].mark = mark;
    p->depth++;
    p->open_count[level]++;
    return 0;
}

static int
q_close(Pairing *p, Py_ssize_t position, int level, int rule)
{
    if (!p->open_count[level]) {
        return 0;
    }
    for (int k = p->depth - 1; k >= 0; k--) {
        if (p->stack[k].level == level) {
            if (!q_accepts(rule, p->stack[k].mark)) {
                return 0;
            }
            Py_ssize_t opening = p->stack[k].position;
            for (int j = k; j < p->depth; j++) {
                p->open_count[p->stack[j].level]--;
            }
            p->depth = k;
            return q_found(p, opening + 1, position);
        }
    }
    return 0;
}

static int
q_compare(const void *a, const void *b)
{
    const QuoteSpan *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    if (x->end != y->end) {
        return x->end > y->end ? -1 : 1;
    }
    return 0;
}

static PyObject *
mod_pair_quotes(PyObject *Py_UNUSED(module), PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "pair_quotes takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    Py_UCS4 *s = PyUnicode_AsUCS4Copy(arg);
    if (s == NULL) {
        return NULL;
    }
    enum { DOUBLE = 0, SINGLE = 1 };
    Pairing p;
    memset(&p, 0, sizeof p);
    p.s = s;
    PyObject *result = NULL, *quotes = NULL, *paragraphs = PyList_New(0);
    Py_ssize_t *ends = NULL;
    Py_ssize_t last_paragraph = 0;
    int at_paragraph_start = 1, has_carry = 0;
    OpenMark carry = {0, 0, 0};
    if (paragraphs == NULL) {
        goto done;
    }
    PyObject *zero = PyLong_FromLong(0);
    if (zero == NULL || PyList_Append(paragraphs, zero) < 0) {
        Py_XDECREF(zero);
        goto done;
    }
    Py_DECREF(zero);
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 mark = s[i];
        if (mark == '\n') {
            /* a paragraph break: \n[^\S\n]*\n\s* */
            Py_ssize_t j = i + 1;
            while (j < n && s[j] != '\n' && Py_UNICODE_ISSPACE(s[j])) {
                j++;
            }
            if (j < n && s[j] == '\n') {
                j++;
                while (j < n && Py_UNICODE_ISSPACE(s[j])) {
                    j++;
                }
                PyObject *start = PyLong_FromSsize_t(j);
                if (start == NULL || PyList_Append(paragraphs, start) < 0) {
                    Py_XDECREF(start);
                    goto done;
                }
                Py_DECREF(start);
                last_paragraph = j;
                has_carry = p.depth > 0;
                if (has_carry) {
                    carry = p.stack[0];
                }
                p.depth = 0;
                p.open_count[0] = p.open_count[1] = 0;
                at_paragraph_start = 1;
                i = j;
                continue;
            }
            i++;
            continue;
        }
        switch (mark) {
        case '"': case '\'': case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
        case 0x2018: case 0x2019: case 0x201A: case 0x2039: case 0x203A:
            break;
        default:
            i++;
            continue;
        }
        Py_ssize_t position = i++;
        Py_UCS4 before = position ? s[position - 1] : NONE;
        Py_UCS4 after = position + 1 < n ? s[position + 1] : NONE;
        int first_in_paragraph = at_paragraph_start && position == last_paragraph;
        at_paragraph_start = 0;
        if (has_carry) {
            has_carry = 0;
            if (first_in_paragraph && q_same_kind(carry.mark, mark)) {
                p.stack[p.depth++] = carry;  /* the quotation continues in this paragraph */
                p.open_count[carry.level]++;
                continue;
            }
        }
        int left_flank = (q_space(before) || q_in(before, Q_OPENERS_AFTER) ||
                          q_in(before, Q_BEFORE_OPENING)) && !q_space(after);
        int right_flank = !q_space(before) && (q_space(after) || q_in(after, Q_CLOSE_PUNCT) ||
                                               q_in(after, Q_AFTER_CLOSING));
        int done_mark = 0;
        switch (mark) {
        case 0x201C:  /* “ */
            if (p.open_count[DOUBLE] && p.stack[p.depth - 1].mark == 0x201E && !left_flank) {
                done_mark = q_close(&p, position, DOUBLE, ACCEPT_LOW_DOUBLE);
            }
            else if (p.open_count[DOUBLE] && right_flank && !left_flank) {
                done_mark = q_close(&p, position, DOUBLE, ACCEPT_ANY);  /* a “ typed for ” */
            }
            else {
                done_mark = q_push(&p, position, DOUBLE, mark);
            }
            break;
        case 0x201D:  /* ” */
            done_mark = q_close(&p, position, DOUBLE, ACCEPT_DOUBLE_OPENER);
            break;
        case 0x201E: case 0x00AB:  /* „ « */
            done_mark = q_push(&p, position, DOUBLE, mark);
            break;
        case 0x00BB:  /* » */
            done_mark = q_close(&p, position, DOUBLE, ACCEPT_GUILLEMET);
            break;
        case '"':
            if (p.open_count[DOUBLE] && !left_flank) {
                done_mark = q_close(&p, position, DOUBLE, ACCEPT_ANY);
            }
            else if (left_flank && !q_alnum(before)) {
                done_mark = q_push(&p, position, DOUBLE, mark);
            }
            break;
        case 0x2039: case 0x201A:  /* ‹ ‚ */
            done_mark = q_push(&p, position, SINGLE, mark);
            break;
        case 0x203A:  /* › */
            done_mark = q_close(&p, position, SINGLE, ACCEPT_SINGLE_GUILLEMET);
            break;
        default:  /* ' ‘ ’: quotation marks or apostrophes */
            if (q_alnum(before) && q_alnum(after)) {
                break;  /* don't, Kyiv’s */
            }
            if (!q_alnum(before) && after != NONE && Py_UNICODE_ISDIGIT(after)) {
                break;  /* '90s */
            }
            if (p.open_count[SINGLE] && right_flank && !left_flank) {
                done_mark = q_close(&p, position, SINGLE, ACCEPT_ANY);
            }
            else if (left_flank && !q_alnum(before) && mark != 0x2019) {
                done_mark = q_push(&p, position, SINGLE, mark);
            }
        }
        if (done_mark < 0) {
            goto done;
        }
    }
    /* depth from containment among the quotations kept */
    Py_ssize_t n_found = p.found.len / (Py_ssize_t)sizeof(QuoteSpan);
    QuoteSpan *found = (QuoteSpan *)p.found.data;
    if (n_found > 1) {
        qsort(found, (size_t)n_found, sizeof(QuoteSpan), q_compare);
    }
    ends = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n_found ? n_found : 1));
    quotes = PyList_New(n_found);
    if (ends == NULL || quotes == NULL) {
        if (ends == NULL) {
            PyErr_NoMemory();
        }
        goto done;
    }
    Py_ssize_t open = 0;
    for (Py_ssize_t k = 0; k < n_found; k++) {
        while (open && ends[open - 1] < found[k].end) {
            open--;
        }
        PyObject *item = Py_BuildValue("(nnn)", found[k].start, found[k].end, open);
        if (item == NULL) {
            goto done;
        }
        PyList_SET_ITEM(quotes, k, item);
        ends[open++] = found[k].end;
    }
    result = PyTuple_Pack(2, quotes, paragraphs);
  done:
    Py_XDECREF(quotes);
    Py_XDECREF(paragraphs);
    PyMem_Free(ends);
    PyMem_Free(s);
    buffer_free(&p.found);
    return result;
}

#undef NONE

/* ------------------------------------------------------------------ test helpers */

static PyObject *
mod_count_sentences(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text;
    Py_ssize_t cut = -1;
    if (!PyArg_ParseTuple(args, "U|n:count_sentences", &text, &cut)) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (cut < 0 || cut > n) {
        cut = n;
    }
    Py_UCS4 *points = PyUnicode_AsUCS4Copy(text);
    if (points == NULL) {
        return NULL;
    }
    Py_ssize_t at_cut;
    Py_ssize_t count = count_sentences(points, n, cut, &at_cut);
    PyMem_Free(points);
    return Py_BuildValue("(nn)", count, at_cut);
}

static PyObject *
mod_fold(PyObject *Py_UNUSED(module), PyObject *arg)
{
    long c = PyLong_AsLong(arg);
    if (c == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (c < 0 || c > 0x10FFFF) {
        PyErr_SetString(PyExc_ValueError, "not a code point");
        return NULL;
    }
    return PyLong_FromLong((long)fold((Py_UCS4)c));
}

static PyMethodDef module_methods[] = {
    {"sum_features", mod_sum_features, METH_VARARGS,
     "sum_features(chunk_ids, n_chunks, head, features, k, hard_ids, n_hard) -> (sums, "
     "head_sums, difficult)"},
    {"count_sentences", mod_count_sentences, METH_VARARGS,
     "count_sentences(text, cut=len(text)) -> textstat's sentence count of text and of "
     "text[:cut] (for tests)."},
    {"fold", mod_fold, METH_O, "The folded (normalised, lower-cased) code point (for tests)."},
    {"token_offsets", mod_token_offsets, METH_VARARGS,
     "token_offsets(texts, fallback) -> (starts, ends, counts): int64 bytes, the character "
     "offsets of the word tokens of toolkit.tokens in each text (texts one after another) and "
     "the tokens per text; fallback(text) -> toolkit.tokens.token_spans(text) for the texts the "
     "C tokenizer hands back."},
    {"pair_quotes", mod_pair_quotes, METH_O,
     "pair_quotes(text) -> (quotations, paragraph starts): toolkit.voice._pair(text)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "toolkit._scan",
    .m_doc = "The compiled inner loop of toolkit.analyze (see toolkit/_scan.c).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    if (PyType_Ready(&ScannerType) < 0 || PyType_Ready(&HyphenatorType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "Scanner", (PyObject *)&ScannerType) < 0 ||
        PyModule_AddObjectRef(m, "Hyphenator", (PyObject *)&HyphenatorType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
