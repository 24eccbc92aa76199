import Database from 'better-sqlite3';
import type { Cert } from '../auth';

/** A registered player as stored. */
export interface AccountRow {
  readonly id: string;
  readonly name: string;
  readonly sign: Uint8Array;
  readonly box: Uint8Array;
  readonly createdAt: number;
}

/** A ban as stored, with its signed certificate. */
export interface BanRow {
  readonly id: string;
  readonly reason: string;
  readonly at: number;
  readonly cert: Cert;
}

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many have run. Append
 * only: never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     name_lower TEXT NOT NULL UNIQUE,
     sign BLOB NOT NULL UNIQUE,
     box BLOB NOT NULL,
     created_at INTEGER NOT NULL,
     renewed_at INTEGER
   ) STRICT;
   CREATE TABLE bans (
     id TEXT PRIMARY KEY,
     reason TEXT NOT NULL,
     at INTEGER NOT NULL,
     cert_body BLOB NOT NULL,
     cert_signature BLOB NOT NULL,
     proof_kind TEXT,
     proof BLOB
   ) STRICT;`,
];

interface AccountRecord {
  id: string;
  name: string;
  sign: Buffer;
  box: Buffer;
  created_at: number;
}

interface BanRecord {
  id: string;
  reason: string;
  at: number;
  cert_body: Buffer;
  cert_signature: Buffer;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b);

const toAccount = (r: AccountRecord): AccountRow => ({
  id: r.id,
  name: r.name,
  sign: bytes(r.sign),
  box: bytes(r.box),
  createdAt: r.created_at,
});

const toBan = (r: BanRecord): BanRow => ({
  id: r.id,
  reason: r.reason,
  at: r.at,
  cert: { body: bytes(r.cert_body), signature: bytes(r.cert_signature) },
});

/** The authority's durable state: accounts and bans in SQLite (WAL). Synchronous by design. */
export class AuthorityDb {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Opens (creating when missing) the database file and runs pending migrations. */
  static open(file: string): AuthorityDb {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new AuthorityDb(db);
  }

  /** Schema version (number of migrations applied). */
  get version(): number {
    return Number(this.#db.pragma('user_version', { simple: true }));
  }

  accountById(id: string): AccountRow | undefined {
    const r = this.#db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE id = ?').get(id);
    return r && toAccount(r);
  }

  /** The account whose name equals `name` ignoring ASCII case. */
  accountByName(name: string): AccountRow | undefined {
    const r = this.#db
      .prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE name_lower = ?')
      .get(name.toLowerCase());
    return r && toAccount(r);
  }

  /** Inserts a new account; the caller has checked that name and key are free (same tick). */
  insertAccount(a: AccountRow): void {
    this.#db
      .prepare('INSERT INTO accounts (id, name, name_lower, sign, box, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.id, a.name, a.name.toLowerCase(), a.sign, a.box, a.createdAt);
  }

  /** Records a renewal: the name's case and the box key may change. */
  renewAccount(id: string, name: string, box: Uint8Array, at: number): void {
    this.#db.prepare('UPDATE accounts SET name = ?, box = ?, renewed_at = ? WHERE id = ?').run(name, box, at, id);
  }

  /** Number of accounts. */
  accountCount(): number {
    return Number(this.#db.prepare('SELECT COUNT(*) FROM accounts').pluck().get());
  }

  banById(id: string): BanRow | undefined {
    const r = this.#db.prepare<[string], BanRecord>('SELECT * FROM bans WHERE id = ?').get(id);
    return r && toBan(r);
  }

  /** Every ban, oldest first (the authority's DHT node republishes them). */
  allBans(): BanRow[] {
    return this.#db.prepare<[], BanRecord>('SELECT * FROM bans ORDER BY at').all().map(toBan);
  }

  /** Stores a ban (with the proof that justified it, when there is one). */
  insertBan(ban: BanRow, proof?: { readonly kind: string; readonly bytes: Uint8Array }): void {
    this.#db
      .prepare(
        'INSERT INTO bans (id, reason, at, cert_body, cert_signature, proof_kind, proof) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(ban.id, ban.reason, ban.at, ban.cert.body, ban.cert.signature, proof?.kind ?? null, proof?.bytes ?? null);
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function migrate(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
