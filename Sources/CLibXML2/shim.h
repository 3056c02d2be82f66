#ifndef PREXTRA_CLIBXML2_SHIM_H
#define PREXTRA_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and its headers would pull in the system ICU headers,
// which clash with the copy Foundation ships (_FoundationICU). Nothing here touches the
// ICU-specific members of xmlCharEncodingHandler, so the system ICU headers are left out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#endif
