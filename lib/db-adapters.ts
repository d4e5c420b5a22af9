import "server-only";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import pLimit from "p-limit";

// Two wrappers around the driver adapter under Prisma (lib/db.ts). They change what
// happens around a transaction, never a query's SQL or result.

/**
 * SQLite: one transaction at a time, and no query beside one.
 *
 * Prisma's SQLite adapter has one connection. An interactive transaction is open on it
 * from BEGIN to COMMIT, across every `await` of the callback, and the adapter lets only one
 * transaction in at a time, but not the queries that other requests make meanwhile: they
 * run on the same connection, so inside that transaction. They read its uncommitted rows,
 * and when it rolls back their writes go with it, with no error to anyone (measured: a
 * failed sign-in's event, written during another attempt's refused admission, was lost).
 *
 * So a transaction holds a gate from start to end, and every query outside a transaction
 * waits until none is open. Inside a transaction's callback, query through its `tx`: a
 * query on `db` there would wait for the transaction, which waits for it, until Prisma's
 * transaction timeout (5 s) fails both. Transactions here are short (a few statements, never bcrypt or
 * mail), so the wait is a few milliseconds at most. The reads on the driver (lib/db.ts,
 * readOnDriver) use a connection of their own and never wait. PostgreSQL needs none of
 * this: each transaction has a pooled connection to itself. The gate is p-limit with a
 * limit of one: a small, maintained promise queue, already the one that bounds bcrypt.
 */
export function oneTransactionAtATime(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const gate = pLimit(1);
  return {
    ...delegate(adapter),
    queryRaw: (query: SqlQuery) => gate(() => adapter.queryRaw(query)),
    executeRaw: (query: SqlQuery) => gate(() => adapter.executeRaw(query)),
    executeScript: (script: string) => gate(() => adapter.executeScript(script)),
    async startTransaction(isolationLevel) {
      // Enters the gate and stays until the transaction ends.
      const leave = await new Promise<() => void>((entered) => void gate(() => new Promise<void>((left) => entered(left))));
      try {
        return endingWith(await adapter.startTransaction(isolationLevel), leave);
      } catch (error) {
        leave();
        throw error;
      }
    },
  };
}

/**
 * The adapters this factory makes, calling `started` as each transaction begins and the
 * function it returns once that transaction has committed or rolled back.
 */
export function aroundEachTransaction(factory: SqlDriverAdapterFactory, started: () => () => void): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      return {
        ...delegate(adapter),
        async startTransaction(isolationLevel) {
          const ended = started();
          return endingWith(await adapter.startTransaction(isolationLevel), ended);
        },
      };
    },
  };
}

function delegate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => adapter.queryRaw(query),
    executeRaw: (query: SqlQuery) => adapter.executeRaw(query),
    executeScript: (script: string) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

// The transaction as it is, calling `ended` once it has committed or rolled back.
function endingWith(transaction: Transaction, ended: () => void): Transaction {
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish();
    } finally {
      ended();
    }
  };
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query: SqlQuery) => transaction.queryRaw(query),
    executeRaw: (query: SqlQuery) => transaction.executeRaw(query),
    createSavepoint: transaction.createSavepoint?.bind(transaction),
    rollbackToSavepoint: transaction.rollbackToSavepoint?.bind(transaction),
    releaseSavepoint: transaction.releaseSavepoint?.bind(transaction),
    commit: end(() => transaction.commit()),
    rollback: end(() => transaction.rollback()),
  };
}
