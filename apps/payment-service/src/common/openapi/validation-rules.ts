import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

// One source of truth for every request rule: the class-validator decorators on a request
// DTO are what the ValidationPipe enforces, and this step turns the very same metadata
// (class-validator's MetadataStorage, read at document time) into the OpenAPI property
// constraints, so the document cannot promise a rule the validator lacks or miss one it
// has. A validator with no mapping here, or a hand-written constraint in an @ApiProperty of
// a request DTO, stops the document from being built, naming the property.
//
// Why not the @nestjs/swagger CLI plugin's classValidatorShim: the build is swc (no
// TypeScript transformer pass; the plugin would need @nestjs/cli's metadata generator and a
// type-checker run), and the shim reads decorator *syntax*: it skips `IsIn(ORDER_STATUSES as
// ...)`, custom validators (metadata) and IsPositive/IsNotEmpty. This reads what runs.

// @nestjs/swagger's metadata keys (its DECORATORS constants, not exported by the package).
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

export type JsonSchema = Record<string, unknown>;

type Rule = (constraints: readonly unknown[]) => JsonSchema;

/** class-validator constraint name -> the JSON Schema (OpenAPI 3.1) keywords it means. */
const RULES: Record<string, Rule> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isPositive: () => ({ exclusiveMinimum: 0 }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  isLength: ([min, max]) => ({
    type: 'string',
    minLength: min,
    ...(max !== undefined ? { maxLength: max } : {}),
  }),
  minLength: ([n]) => ({ type: 'string', minLength: n }),
  maxLength: ([n]) => ({ type: 'string', maxLength: n }),
  // On a string (the only place it is used) "not empty" is a length of at least 1.
  isNotEmpty: () => ({ minLength: 1 }),
  matches: ([re]) => ({ type: 'string', pattern: (re as RegExp).source }),
  isIn: ([values]) => ({ enum: values }),
  // ISO 8601 instants; the validator also takes a plain date, read as midnight UTC.
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
};

/** A custom validator (registerDecorator) says what it means here, next to its code. */
export function documentValidator(name: string, schema: JsonSchema): void {
  RULES[name] = () => schema;
}

/** Keywords a request DTO must not write by hand: they come from its validators. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'format',
  'required',
  'minItems',
  'maxItems',
  'maxProperties',
  'additionalProperties',
] as const;

export interface PropertyRules {
  /** Present unless the property has @IsOptional. */
  required: boolean;
  /** The OpenAPI keywords its validators mean. */
  schema: JsonSchema;
  /** The validators, by class-validator name (for messages and tests). */
  validators: string[];
}

// class-validator's ValidationTypes values.
const CONDITIONAL = 'conditionalValidation';
const CUSTOM = 'customValidation';

/** The rules class-validator enforces on each property of `dto`, as OpenAPI keywords. */
export function validationRules(dto: Type): Map<string, PropertyRules> {
  const storage = getMetadataStorage();
  const rules = new Map<string, PropertyRules>();
  for (const m of storage.getTargetValidationMetadatas(dto, '', true, false)) {
    const where = `${dto.name}.${m.propertyName}`;
    const entry = rules.get(m.propertyName) ?? { required: true, schema: {}, validators: [] };
    rules.set(m.propertyName, entry);
    if (m.type === CONDITIONAL && m.name === 'isOptional') {
      entry.required = false;
      continue;
    }
    if (m.type !== CUSTOM) throw new Error(`${where}: no OpenAPI mapping for ${m.type}`);
    const name = m.name ?? storage.getTargetValidatorConstraints(m.constraintCls)[0]?.name;
    const rule = name ? RULES[name] : undefined;
    if (!name || !rule) throw new Error(`${where}: no OpenAPI mapping for validator ${name}`);
    if (m.each) throw new Error(`${where}: \`each\` validators are not mapped yet`);
    entry.validators.push(name);
    Object.assign(entry.schema, rule(m.constraints ?? []));
  }
  return rules;
}

const documented = new WeakSet<Type>();

/** `CreateOrderRequestDto` -> `CreateOrderRequest`: the document shows no class suffix. */
export const schemaNameOf = (dto: Type): string => dto.name.replace(/Dto$/, '');

/**
 * Writes each request DTO's validation rules into its @nestjs/swagger property metadata
 * (what SwaggerModule turns into the body schema or the query parameters), and names its
 * schema without the `Dto` suffix. Run before SwaggerModule.createDocument.
 */
export function documentValidationRules(dtos: Iterable<Type>): void {
  for (const dto of dtos) {
    // Once per class and process: decorators do not change after load, and a second app in
    // the same process (tests, replicas) finds the metadata this step wrote.
    if (documented.has(dto)) continue;
    documented.add(dto);
    const prototype = dto.prototype as object;
    const rules = validationRules(dto);
    const properties: string[] = (
      Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, prototype) ?? []
    ).map((k: string) => k.slice(1));
    for (const property of properties) {
      if (!rules.has(property))
        throw new Error(
          `${dto.name}.${property} is documented but has no validator: the ValidationPipe (whitelist) refuses it`,
        );
    }
    for (const [property, rule] of rules) {
      const own = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, property) ?? {};
      for (const keyword of CONSTRAINT_KEYWORDS) {
        if (keyword in own && !isDerived(own, keyword, rule))
          throw new Error(
            `${dto.name}.${property}: \`${keyword}\` is written in @ApiProperty; declare it with a class-validator decorator instead (the document takes it from there)`,
          );
      }
      ApiProperty({ ...rule.schema, required: rule.required } as never)(prototype, property);
    }
    ApiSchema({ name: schemaNameOf(dto) })(dto);
  }
}

/**
 * True when a keyword in the hand-written metadata says what the validators say anyway
 * (harmless), or is Nest's own default (`type` from the design type, `required` from
 * ApiPropertyOptional).
 */
function isDerived(own: JsonSchema, keyword: string, rule: PropertyRules): boolean {
  if (keyword === 'required') return true;
  if (keyword === 'type' && typeof own.type === 'function') return true;
  return JSON.stringify(own[keyword]) === JSON.stringify(rule.schema[keyword]);
}
