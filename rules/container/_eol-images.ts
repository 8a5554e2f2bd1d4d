/**
 * End-of-life dates of the base images AI serving images are usually built on, and the supported tag each
 * family moves to. This is dated data: it was checked on 2026-11-25; entries compare against the clock,
 * so a release whose date passes becomes end-of-life without a code change, but new releases need a new row.
 * Dates are the end of security support upstream (Debian: the end of LTS; Ubuntu: the end of standard support).
 */
export const EOL_TABLE_CHECKED = '2026-11-25';

export const PYTHON_EOL: Record<string, string> = {
  '2.7': '2020-01-01',
  '3.0': '2009-06-27',
  '3.1': '2012-04-09',
  '3.2': '2016-02-20',
  '3.3': '2017-09-29',
  '3.4': '2019-03-18',
  '3.5': '2020-09-30',
  '3.6': '2021-12-23',
  '3.7': '2023-06-27',
  '3.8': '2024-10-07',
  '3.9': '2025-10-31',
  '3.10': '2026-10-31',
  '3.11': '2027-10-31',
  '3.12': '2028-10-31',
  '3.13': '2029-10-31',
};
export const PYTHON_TARGET = '3.12';

/** Node.js majors; odd majors are short-lived. */
export const NODE_EOL: Record<string, string> = {
  '10': '2021-04-30',
  '11': '2019-06-01',
  '12': '2022-04-30',
  '13': '2020-06-01',
  '14': '2023-04-30',
  '15': '2021-06-01',
  '16': '2023-09-11',
  '17': '2022-06-01',
  '18': '2025-04-30',
  '19': '2023-06-01',
  '20': '2026-04-30',
  '21': '2024-06-01',
  '22': '2027-04-30',
  '23': '2025-06-01',
  '24': '2028-04-30',
  '25': '2026-06-01',
};
/** Node codenames used as tags (`node:hydrogen`). */
export const NODE_CODENAMES: Record<string, string> = { dubnium: '10', erbium: '12', fermium: '14', gallium: '16', hydrogen: '18', iron: '20', jod: '22', krypton: '24' };
export const NODE_TARGET = '22';

export const DEBIAN_EOL: Record<string, { version: string; eol: string }> = {
  wheezy: { version: '7', eol: '2018-05-31' },
  jessie: { version: '8', eol: '2020-06-30' },
  stretch: { version: '9', eol: '2022-06-30' },
  buster: { version: '10', eol: '2024-06-30' },
  bullseye: { version: '11', eol: '2026-08-31' },
  bookworm: { version: '12', eol: '2028-06-30' },
  trixie: { version: '13', eol: '2030-06-30' },
};
export const DEBIAN_TARGET = { codename: 'bookworm', version: '12' };

export const UBUNTU_EOL: Record<string, { codename: string; eol: string }> = {
  '14.04': { codename: 'trusty', eol: '2019-04-30' },
  '16.04': { codename: 'xenial', eol: '2021-04-30' },
  '18.04': { codename: 'bionic', eol: '2023-05-31' },
  '20.04': { codename: 'focal', eol: '2025-05-31' },
  '21.04': { codename: 'hirsute', eol: '2022-01-20' },
  '21.10': { codename: 'impish', eol: '2022-07-14' },
  '22.04': { codename: 'jammy', eol: '2027-04-30' },
  '22.10': { codename: 'kinetic', eol: '2023-07-20' },
  '23.04': { codename: 'lunar', eol: '2024-01-25' },
  '23.10': { codename: 'mantic', eol: '2024-07-11' },
  '24.04': { codename: 'noble', eol: '2029-04-30' },
  '24.10': { codename: 'oracular', eol: '2025-07-10' },
  '25.04': { codename: 'plucky', eol: '2026-01-15' },
};
export const UBUNTU_TARGET = { version: '24.04', codename: 'noble' };
/** CUDA images are published for fewer Ubuntu releases; 22.04 exists for CUDA 11.7 and later. */
export const CUDA_UBUNTU_TARGET = '22.04';
export const CUDA_MIN_FOR_TARGET = [11, 7] as const;

export const ALPINE_EOL: Record<string, string> = {
  '3.12': '2022-05-01',
  '3.13': '2022-11-01',
  '3.14': '2023-05-01',
  '3.15': '2023-11-01',
  '3.16': '2024-05-23',
  '3.17': '2024-11-22',
  '3.18': '2025-05-09',
  '3.19': '2025-11-01',
  '3.20': '2026-04-01',
  '3.21': '2026-11-01',
  '3.22': '2027-05-01',
  '3.23': '2027-11-01',
};
export const ALPINE_TARGET = '3.22';
/** Alpine branches older than the table are long gone. */
export const ALPINE_OLDEST_LISTED = 12;

/** Images whose every release is end-of-life, with where to go instead (a different family: no automatic fix). */
export const RETIRED_IMAGES: Record<string, string> = {
  centos: 'CentOS Linux reached end of life (CentOS 7 in June 2024); use rockylinux, almalinux or a UBI image',
  openjdk: 'the openjdk images are deprecated and no longer updated; use eclipse-temurin',
};
