import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail: through SMTP when configured, else as files in the outbox folder. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export class SmtpMailer implements Mailer {
  private readonly transport;
  constructor(url: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }
}

/** Writes each mail as an .eml file under `<data>/outbox`, for one machine and for tests. */
export class OutboxMailer implements Mailer {
  readonly sent: Mail[] = [];
  constructor(private readonly folder: string | undefined, private readonly from: string) {}
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
    if (!this.folder) return;
    await mkdir(this.folder, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`;
    const body = [
      `From: ${this.from}`,
      `To: ${mail.to}`,
      `Subject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      mail.text,
    ].join('\r\n');
    await writeFile(join(this.folder, name), body, { mode: 0o600 });
  }
}

export function createMailer(smtpUrl: string | undefined, from: string, dataDir: string | undefined): Mailer {
  return smtpUrl ? new SmtpMailer(smtpUrl, from) : new OutboxMailer(dataDir ? join(dataDir, 'outbox') : undefined, from);
}
