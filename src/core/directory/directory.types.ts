import type { ChatAddress, Locale, PlatformName } from '../shared/platform.types.ts';
import type { Audience, NotifyMode } from '../audience/audience.types.ts';

export type Role = 'field_staff' | 'agency_contact' | 'supervisor' | 'admin';
export type AreaLevel = 'city' | 'district' | 'area';

export interface LocalizedName {
  sv: string;
  en: string;
}

export interface Area {
  id: string;
  parentId: string | null;
  level: AreaLevel;
  name: LocalizedName;
  aliases: string[];
}

export interface Agency {
  id: string;
  name: LocalizedName;
  sensitivity: number;
  /** `by-reference`: the agency's rooms get no description, details only on request. Default `full`. */
  notify?: NotifyMode;
}

export interface Category {
  id: string;
  name: LocalizedName;
  keywords: string[];
}

export interface Severity {
  level: number;
  name: LocalizedName;
  ackDeadlineMinutes: number;
}

export interface RoutingRule {
  id: string;
  areaIds: string[];
  categoryIds: string[];
  severities: number[];
  agencyIds: string[];
  sensitiveAgencyIds: string[];
  /** The ground on which `sensitiveAgencyIds` may see confidential details (required by the config check). */
  basis: string | null;
}

export interface Person {
  id: string;
  name: string;
  role: Role;
  agencyId: string | null;
  areaIds: string[];
  locale: Locale;
  onDuty: boolean;
  email?: string | null;
}

export type AddressOwner = 'agency' | 'person' | 'area';
export type AddressPurpose = 'primary' | 'backup';

export interface DirectoryAddress extends ChatAddress {
  id: string;
  ownerType: AddressOwner;
  ownerId: string;
  purpose: AddressPurpose;
  /** Who is in the room, as configured. Default: `personal` for a person's address, else `agency`. */
  audience?: Audience;
  /** An agency room whose members may all see confidential details. Default false. */
  cleared?: boolean;
}

export interface PersonIdentity {
  platform: PlatformName;
  workspace: string;
  userId: string;
  personId: string;
}

/** Settings of the deployment that the core needs. */
export interface DeploymentSettings {
  timeZone: string;
  defaultLocale: Locale;
  defaultSeverity: number;
  defaultCategory: string;
  maxDescriptionLength: number;
}

/** Everything configured, as one consistent snapshot: areas, agencies, routing, people and their addresses. */
export interface DirectoryData {
  settings: DeploymentSettings;
  areas: Area[];
  agencies: Agency[];
  categories: Category[];
  severities: Severity[];
  rules: RoutingRule[];
  people: Person[];
  addresses: DirectoryAddress[];
  identities: PersonIdentity[];
  /** Rooms a platform reported as shared with other organisations (Slack Connect, Teams shared channels). */
  sharedRooms?: ChatAddress[];
}
