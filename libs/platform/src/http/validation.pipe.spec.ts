import { ValidationPipe } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import { ProblemException } from './problem';
import { problemValidationPipe } from './validation.pipe';

class Tags {
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(2)
  tags!: string[];
}

describe('problemValidationPipe', () => {
  const pipe = problemValidationPipe();

  afterEach(() => jest.restoreAllMocks());

  it('does not walk a JSON body for gaps, which JSON.parse never leaves', async () => {
    const walk = jest.spyOn(ValidationPipe.prototype as unknown as { closeArrayGaps(value: unknown): void }, 'closeArrayGaps');
    const body = JSON.parse('{"tags":["a","b"]}') as unknown;
    await expect(pipe.transform(body, { type: 'body', metatype: Tags })).resolves.toEqual({ tags: ['a', 'b'] });
    expect(walk).not.toHaveBeenCalled();
  });

  it('still closes the gaps of a sparse array in a query, so it is validated as it is returned', async () => {
    const walk = jest.spyOn(ValidationPipe.prototype as unknown as { closeArrayGaps(value: unknown): void }, 'closeArrayGaps');
    // eslint-disable-next-line no-sparse-arrays
    const query = { tags: [, 'a', , 'b', , 'c'] };
    await expect(pipe.transform(query, { type: 'query', metatype: Tags })).rejects.toBeInstanceOf(ProblemException);
    expect(walk).toHaveBeenCalledTimes(1);
    expect(query.tags).toEqual(['a', 'b', 'c']);
  });

  it('judges each call by its own kind of argument when calls overlap', async () => {
    const walk = jest.spyOn(ValidationPipe.prototype as unknown as { closeArrayGaps(value: unknown): void }, 'closeArrayGaps');
    // eslint-disable-next-line no-sparse-arrays
    const query = { tags: [, 'x'] };
    const both = Promise.all([pipe.transform({ tags: ['a'] }, { type: 'body', metatype: Tags }), pipe.transform(query, { type: 'query', metatype: Tags })]);
    await expect(both).resolves.toEqual([{ tags: ['a'] }, { tags: ['x'] }]);
    expect(walk).toHaveBeenCalledTimes(1);
    expect(walk).toHaveBeenCalledWith(query);
  });
});
