'use strict';
// The eligibility service over HTTPS (mynakit docs: quick-start "The service", service.md).
//
// YOUR APP: the HTTP side. In production your app talks to the real オンライン資格確認; under
// mynakit it talks to MYNAKIT_SERVICE_URL, trusting MYNAKIT_CA_FILE and nothing else (some
// scenarios present another CA's certificate). Plug your HTTP client in here.

const fs = require('fs');
const http = require('http');
const https = require('https');

const REQUEST_TIMEOUT_MS = 10000; // a request with no answer in 10 s failed

/** The service could not be used; `transient` failures may be tried again, others not. */
class ServiceError extends Error {
  constructor(text, transient) {
    super(text);
    this.transient = transient;
  }
}

class Service {
  constructor(log) {
    this.log = log;
    this.base = new URL(process.env.MYNAKIT_SERVICE_URL || 'https://127.0.0.1/');
    this.runId = process.env.MYNAKIT_RUN_ID || '';
    const ca = process.env.MYNAKIT_CA_FILE;
    // Only the CA named: never the system's roots.
    this.ca = ca ? fs.readFileSync(ca) : Buffer.alloc(0);
  }

  /** One exchange: resolves with the parsed JSON answer; rejects with a ServiceError. */
  request(method, path, body) {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { accept: 'application/json', 'x-mynakit-run': this.runId };
    if (data) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(data.length);
    }
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const secure = url.protocol === 'https:';
    const options = { method, headers, timeout: REQUEST_TIMEOUT_MS };
    if (secure) {
      Object.assign(options, { ca: this.ca, rejectUnauthorized: true });
    }
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(url, options, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', (e) => reject(new ServiceError(`${method} ${path}: ${e.message}`, true)));
        res.on('end', () => {
          const status = res.statusCode;
          this.log(`HTTP ${method} ${path} -> ${status} in ${Date.now() - started} ms`);
          if (!res.complete) {
            reject(new ServiceError(`${method} ${path}: the answer was cut short`, true));
            return;
          }
          if (status >= 500 || status === 408 || status === 429) {
            reject(new ServiceError(`${method} ${path}: HTTP ${status}`, true));
            return;
          }
          let parsed;
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            parsed = text ? JSON.parse(text) : {};
          } catch (e) {
            reject(new ServiceError(`${method} ${path}: unreadable answer (${e.message})`, true));
            return;
          }
          if (status >= 400) {
            reject(new ServiceError(`${method} ${path}: HTTP ${status} ${(parsed && parsed.type) || ''}`, false));
            return;
          }
          resolve(parsed);
        });
      });
      req.on('timeout', () => req.destroy(new Error('no answer in time')));
      req.on('error', (e) => {
        // A certificate the client cannot trust is not cured by trying again.
        const tls = /certificate|self.signed|CERT_|SSL|TLS/i.test(`${e.code || ''} ${e.message}`);
        reject(new ServiceError(`${method} ${path}: ${e.code || ''} ${e.message}`, !tls));
      });
      if (data) {
        req.write(data);
      }
      req.end();
    });
  }
}

module.exports = { Service, ServiceError };
