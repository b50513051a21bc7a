#ifndef CZOOKEEPER_SHIM_H
#define CZOOKEEPER_SHIM_H

/* The synchronous API of zookeeper.h is declared only when THREADED is defined. */
#ifndef THREADED
#define THREADED 1
#endif

#include <zookeeper/zookeeper.h>

/* Swift 6 refuses to read mutable C globals; these inline accessors expose them. */
static inline struct ACL_vector *czk_open_acl_unsafe(void) { return &ZOO_OPEN_ACL_UNSAFE; }
static inline struct ACL_vector *czk_read_acl_unsafe(void) { return &ZOO_READ_ACL_UNSAFE; }
static inline struct ACL_vector *czk_creator_all_acl(void) { return &ZOO_CREATOR_ALL_ACL; }
static inline struct Id czk_anyone_id_unsafe(void) { return ZOO_ANYONE_ID_UNSAFE; }
static inline struct Id czk_auth_ids(void) { return ZOO_AUTH_IDS; }

#endif
