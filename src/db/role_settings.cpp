#include "db/role_settings.hpp"

#include "db/pg_headers.hpp"

extern "C" {
#include "access/table.h"
#include "catalog/pg_db_role_setting.h"
}

#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

void apply() {
    pg_call([] {
        SetCurrentStatementStartTimestamp();
        StartTransactionCommand();
        // What process_settings() in postinit.c does at connection, for the role's own
        // settings (the database-wide ones belong to every session and are not ours).
        Relation relsetting = table_open(DbRoleSettingRelationId, AccessShareLock);
        Snapshot snapshot = RegisterSnapshot(GetCatalogSnapshot(DbRoleSettingRelationId));
        ApplySetting(snapshot, MyDatabaseId, GetSessionUserId(), relsetting, PGC_S_DATABASE_USER);
        ApplySetting(snapshot, InvalidOid, GetSessionUserId(), relsetting, PGC_S_USER);
        UnregisterSnapshot(snapshot);
        table_close(relsetting, AccessShareLock);
        CommitTransactionCommand();
    });
}

}  // namespace

void reapply_role_settings() {
    try {
        apply();
    } catch (...) {
        pg_call([] { AbortCurrentTransaction(); });
        throw;
    }
}

}  // namespace pg_resty
