import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { documentValidationRules, validationRules } from './validation-rules.js';

describe('validation rules as OpenAPI constraints', () => {
  it('reads the constraints and optionality from the class-validator decorators', () => {
    class Probe {
      @IsInt()
      @Min(3)
      count: number;

      @IsOptional()
      @IsString()
      @MaxLength(9)
      note?: string;
    }
    const rules = validationRules(Probe);
    expect(rules.get('count')).toEqual({
      required: true,
      schema: { type: 'integer', minimum: 3 },
      validators: expect.arrayContaining(['isInt', 'min']),
    });
    expect(rules.get('note')).toMatchObject({
      required: false,
      schema: { type: 'string', maxLength: 9 },
    });
  });

  it('documents a class once per process, so a second app builds its document too', () => {
    class Twice {
      @ApiProperty({ example: 'IDR' })
      @IsIn(['IDR'])
      currency: string;
    }
    documentValidationRules([Twice]);
    expect(() => documentValidationRules([Twice])).not.toThrow();
    expect(Reflect.getMetadata('swagger/apiModelProperties', Twice.prototype, 'currency')).toEqual(
      expect.objectContaining({ enum: ['IDR'], required: true, example: 'IDR' }),
    );
  });

  it('refuses a validator it cannot express, naming the property', () => {
    class Unmapped {
      @IsEmail()
      email: string;
    }
    expect(() => documentValidationRules([Unmapped])).toThrow(
      'Unmapped.email: no OpenAPI mapping for validator isEmail',
    );
  });

  it('refuses a constraint written by hand in @ApiProperty that the validators do not have', () => {
    class HandWritten {
      @ApiProperty({ maxLength: 10 })
      @IsString()
      @MaxLength(12)
      name: string;
    }
    expect(() => documentValidationRules([HandWritten])).toThrow(
      'HandWritten.name: `maxLength` is written in @ApiProperty',
    );
  });

  it('refuses a documented property that no validator declares (the pipe would refuse it)', () => {
    class Undeclared {
      @IsString()
      kept: string;

      @ApiPropertyOptional()
      dropped?: string;
    }
    expect(() => documentValidationRules([Undeclared])).toThrow(
      'Undeclared.dropped is documented but has no validator',
    );
  });
});
