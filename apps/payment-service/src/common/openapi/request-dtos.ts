import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';

/** True when class-validator knows rules for `type` (a request DTO the pipe validates). */
export function isValidatedClass(type: unknown): type is Type {
  return (
    typeof type === 'function' &&
    getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0
  );
}

/**
 * Every class a route handler takes as a validated body or query (its parameter types, as
 * `emitDecoratorMetadata` records them), across the app's controllers: the DTOs whose rules
 * the document must show. Found, not listed, so a new route's DTO cannot be left out.
 */
export function requestDtos(app: INestApplication): Set<Type> {
  const dtos = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as Type | undefined)?.prototype;
      if (!prototype) continue;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const types: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, method) ?? [];
        for (const type of types) if (isValidatedClass(type)) dtos.add(type);
      }
    }
  }
  return dtos;
}
