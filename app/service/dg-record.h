#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The service's records are plain structs described once by a table of
 * their members: the table copies, frees and reads them from the core's
 * JSON, so a record type is its struct and one DG_DEFINE_RECORD line. */

typedef enum
{
  DG_RECORD_TEXT,          /* char *, NULL when absent or null */
  DG_RECORD_TEXT_OR_EMPTY, /* char *, "" when absent or null */
  DG_RECORD_INT,           /* gint64, 0 when absent */
  DG_RECORD_BOOL,          /* gboolean, FALSE when absent */
  DG_RECORD_STRV,          /* GStrv from an array of texts, never NULL */
  DG_RECORD_LIST,          /* GPtrArray of records from an array of objects, never NULL; shared by copies */
} DgRecordKind;

typedef struct _DgRecordShape DgRecordShape;

typedef struct
{
  guint16              offset;
  DgRecordKind         kind;
  const char          *member;    /* its JSON member; "a.b" reads b of object a */
  const DgRecordShape *element;   /* DG_RECORD_LIST: the shape of its records */
  GDestroyNotify       free_element;
} DgRecordMember;

struct _DgRecordShape
{
  gsize                 size;
  const DgRecordMember *members;
  guint                 n_members;
};

gpointer  dg_record_new       (const DgRecordShape *shape);
gpointer  dg_record_copy      (const DgRecordShape *shape,
                               gconstpointer        record);
void      dg_record_free      (const DgRecordShape *shape,
                               gpointer             record);
gpointer  dg_record_from_json (const DgRecordShape *shape,
                               JsonObject          *object);
/* A list of records, one of @shape per object of @array, freed by @free_record. */
GPtrArray *dg_record_list_from_json (const DgRecordShape *shape,
                                     GDestroyNotify       free_record,
                                     JsonArray           *array);

#define DG_RECORD_MEMBER(Type, field, kind, member) { G_STRUCT_OFFSET (Type, field), kind, member, NULL, NULL }
/* A list of @element_type records (its type_name) from the array @member. */
#define DG_RECORD_LIST_OF(Type, field, member, element_type)                                      \
  { G_STRUCT_OFFSET (Type, field), DG_RECORD_LIST, member, &element_type##_shape,                 \
    (GDestroyNotify) element_type##_free }

/* Defines type_name_get_type (), _copy (), _free () and _shape (for
 * dg_record_from_json ()) of TypeName, from its members. */
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
