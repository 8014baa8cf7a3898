#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The service's records are plain structs, each described once by a table
 * of its members (its name in the core's JSON, its kind, where it sits):
 * one loop reads, copies and frees every record from its table, where a
 * member added to a struct and forgotten in a hand-written copy or free
 * would leak or be freed twice. A record type is its struct and its table. */

typedef enum
{
  DG_RECORD_TEXT,          /* char *, NULL when absent, null or not text */
  DG_RECORD_TEXT_OR_EMPTY, /* char *, "" when absent, null or not text */
  DG_RECORD_INT,           /* gint64, 0 when absent */
  DG_RECORD_DOUBLE,        /* double, 0 when absent */
  DG_RECORD_BOOL,          /* gboolean, FALSE when absent */
  DG_RECORD_STRV,          /* GStrv from an array of texts, never NULL */
  DG_RECORD_LIST,          /* GPtrArray of records of the member's shape, never NULL */
  DG_RECORD_OBJECT,        /* one record of the member's shape, NULL when absent */
} DgRecordKind;

typedef struct _DgRecordShape DgRecordShape;

typedef struct
{
  const char          *member;   /* in the core's JSON, "a.b" for b of object a; NULL: filled apart */
  DgRecordKind         kind;
  gsize                offset;
  const DgRecordShape *shape;    /* DG_RECORD_LIST and DG_RECORD_OBJECT: their records' */
} DgRecordMember;

struct _DgRecordShape
{
  gsize                 size;
  const DgRecordMember *members;
  guint                 n_members;
};

gpointer   dg_record_copy           (const DgRecordShape *shape,
                                     gconstpointer        record);
void       dg_record_free           (const DgRecordShape *shape,
                                     gpointer             record);
gpointer   dg_record_from_json      (const DgRecordShape *shape,
                                     JsonObject          *object);
/* One record of @shape per object of @array (may be NULL), freed by
 * @free_record with the array (NULL: the array's owner frees them). */
GPtrArray *dg_record_list_from_json (const DgRecordShape *shape,
                                     GDestroyNotify       free_record,
                                     JsonArray           *array);

#define DG_RECORD_MEMBER(Type, field, kind, member) { member, kind, G_STRUCT_OFFSET (Type, field), NULL }
/* A member holding records of the shape @element (a type_name with a shape). */
#define DG_RECORD_NESTED(Type, field, kind, member, element) \
  { member, kind, G_STRUCT_OFFSET (Type, field), &element##_shape }

/* The shape of a record that lives only inside others: type_name_shape. */
#define DG_RECORD_SHAPE(TypeName, type_name, ...)                                                \
  static const DgRecordMember type_name##_members[] = { __VA_ARGS__ };                           \
  static const DgRecordShape type_name##_shape = { sizeof (TypeName), type_name##_members,       \
                                                   G_N_ELEMENTS (type_name##_members) }

/* A record the service hands out: type_name_get_type (), _copy (), _free ()
 * and type_name_shape, for dg_record_from_json (). */
#define DG_DEFINE_RECORD(TypeName, type_name, ...)                                               \
  static const DgRecordMember type_name##_members[] = { __VA_ARGS__ };                           \
  const DgRecordShape type_name##_shape = { sizeof (TypeName), type_name##_members,              \
                                            G_N_ELEMENTS (type_name##_members) };                \
  TypeName *type_name##_copy (const TypeName *self) { return dg_record_copy (&type_name##_shape, self); } \
  void type_name##_free (TypeName *self) { dg_record_free (&type_name##_shape, self); }          \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_copy, type_name##_free)

/* Declares what DG_DEFINE_RECORD defines. */
#define DG_DECLARE_RECORD(TypeName, type_name)                                                   \
  GType     type_name##_get_type (void) G_GNUC_CONST;                                            \
  TypeName *type_name##_copy     (const TypeName *self);                                         \
  void      type_name##_free     (TypeName       *self);                                         \
  extern const DgRecordShape type_name##_shape;                                                  \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, type_name##_free)

G_END_DECLS
