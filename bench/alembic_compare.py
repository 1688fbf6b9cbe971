#!/usr/bin/python3
"""Times Alembic's compare_metadata on a database against a target given as an autogen JSON model.

The model (autogen-schema/1) is converted to SQLAlchemy MetaData: tables, columns with their types, nullability
and server defaults, primary keys, foreign keys, unique constraints, checks and indexes (partial and expression
keys included). compare_metadata runs with Alembic's default options (Alembic 1.8: compare_type off), which is
less work than autogen does. Prints one JSON object on stdout:
{"convert_s", "compare_metadata_s", "diffs", "queries", "tables"}; "queries" counts the SQL statements
SQLAlchemy sent while comparing.
"""
import argparse
import json
import re
import sys
import time

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.dialects import postgresql

TYPE_PATTERN = re.compile(r"^\s*([a-z ]+?)\s*(?:\(([^)]*)\))?\s*(unsigned)?\s*(\[\])?\s*$")


def sa_type(text, dialect):
    """The SQLAlchemy type for a canonical type text of the model."""
    match = TYPE_PATTERN.match(text.lower())
    if not match:
        return sa.types.NullType()
    base, args, _unsigned, array = match.groups()
    numbers = [int(a) for a in (args or "").split(",") if a.strip().isdigit()]
    if base in ("integer", "int", "int4", "mediumint"):
        result = sa.Integer()
    elif base in ("bigint", "int8"):
        result = sa.BigInteger()
    elif base in ("smallint", "int2"):
        result = sa.SmallInteger()
    elif base == "tinyint":
        result = sa.Boolean() if numbers == [1] else sa.SmallInteger()
    elif base in ("boolean", "bool"):
        result = sa.Boolean()
    elif base in ("varchar", "character varying", "nvarchar"):
        result = sa.String(numbers[0] if numbers else None)
    elif base in ("char", "character", "nchar"):
        result = sa.CHAR(numbers[0] if numbers else None)
    elif base in ("text", "longtext", "mediumtext", "tinytext", "clob"):
        result = sa.Text()
    elif base in ("numeric", "decimal"):
        result = sa.Numeric(*numbers[:2])
    elif base in ("real", "double", "double precision", "float", "float8"):
        result = sa.Float()
    elif base in ("timestamp with time zone", "timestamptz"):
        result = sa.DateTime(timezone=True)
    elif base in ("timestamp", "timestamp without time zone", "datetime"):
        result = sa.DateTime()
    elif base == "date":
        result = sa.Date()
    elif base in ("time", "time without time zone"):
        result = sa.Time()
    elif base in ("blob", "bytea", "longblob", "mediumblob", "varbinary", "binary"):
        result = sa.LargeBinary()
    elif base == "jsonb" and dialect == "postgresql":
        result = postgresql.JSONB()
    elif base in ("json", "jsonb"):
        result = sa.JSON()
    elif base == "uuid":
        result = postgresql.UUID() if dialect == "postgresql" else sa.String(36)
    else:
        result = sa.types.NullType()
    if array and dialect == "postgresql":
        result = postgresql.ARRAY(result)
    return result


def to_metadata(model):
    """SQLAlchemy MetaData for the tables of an autogen JSON model."""
    dialect = model.get("dialect", "")
    metadata = sa.MetaData()
    for t in model.get("tables", []):
        schema = t.get("schema") or None
        items = []
        for c in t["columns"]:
            args = [c["name"], sa_type(c["type"], dialect)]
            kwargs = {"nullable": c.get("nullable", True)}
            if "default" in c:
                kwargs["server_default"] = sa.text(c["default"])
            if "identity" in c:
                identity = c["identity"]
                args.append(sa.Identity(always=identity.get("always", False), start=identity.get("start"),
                                        increment=identity.get("increment")))
            if c.get("autoincrement"):
                kwargs["autoincrement"] = True
            if "comment" in c:
                kwargs["comment"] = c["comment"]
            items.append(sa.Column(*args, **kwargs))
        if "primary_key" in t:
            pk = t["primary_key"]
            items.append(sa.PrimaryKeyConstraint(*pk["columns"], name=pk.get("name")))
        for fk in t.get("foreign_keys", []):
            ref = fk["references"]
            prefix = (ref["schema"] + ".") if ref.get("schema") else ""
            items.append(sa.ForeignKeyConstraint(
                fk["columns"], [f"{prefix}{ref['table']}.{col}" for col in ref["columns"]], name=fk.get("name"),
                ondelete=fk.get("on_delete"), onupdate=fk.get("on_update"),
                deferrable=fk.get("deferrable"), initially="DEFERRED" if fk.get("initially_deferred") else None))
        for u in t.get("unique", []):
            items.append(sa.UniqueConstraint(*u["columns"], name=u.get("name")))
        for ch in t.get("checks", []):
            items.append(sa.CheckConstraint(sa.text(ch["expression"]), name=ch.get("name")))
        table = sa.Table(t["name"], metadata, *items, schema=schema, comment=t.get("comment"))
        for ix in t.get("indexes", []):
            keys = []
            for k in ix["keys"]:
                if "column" in k:
                    key = table.c[k["column"]]
                    keys.append(key.desc() if k.get("order") == "desc" else key)
                else:
                    keys.append(sa.text(k["expression"]))
            kwargs = {"unique": ix.get("unique", False)}
            if "where" in ix:
                kwargs[f"{'postgresql' if dialect == 'postgresql' else 'sqlite'}_where"] = sa.text(ix["where"])
            sa.Index(ix.get("name"), *keys, _table=table, **kwargs)
    return metadata


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="SQLAlchemy database URL")
    parser.add_argument("--model", required=True, help="autogen JSON model of the target")
    args = parser.parse_args()

    start = time.perf_counter()
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    metadata = to_metadata(model)
    convert_s = time.perf_counter() - start

    engine = sa.create_engine(args.url)
    queries = 0

    @sa.event.listens_for(engine, "before_cursor_execute")
    def count(*_args):
        nonlocal queries
        queries += 1

    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        queries = 0
        start = time.perf_counter()
        diffs = compare_metadata(context, metadata)
        compare_s = time.perf_counter() - start
    json.dump({"convert_s": convert_s, "compare_metadata_s": compare_s, "diffs": len(diffs), "queries": queries,
               "tables": len(metadata.tables)}, sys.stdout)
    print()


if __name__ == "__main__":
    # SQLAlchemy reflects a table's referenced tables recursively: a long foreign key chain (the generated schemas
    # have chains of thousands of tables) overflows Python's default recursion limit, and then the C stack.
    import threading
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1024 * 1024 * 1024)
    failed = []

    def run():
        try:
            main()
        except BaseException:  # reported, and the exit status says so
            import traceback
            traceback.print_exc()
            failed.append(True)

    runner = threading.Thread(target=run)
    runner.start()
    runner.join()
    sys.exit(1 if failed else 0)
